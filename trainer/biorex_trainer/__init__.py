"""biorex-workbench trainer: fine-tunes a Hugging Face encoder on instance sets (see design §3)."""

__version__ = "0.1.0"
