"""biorex-workbench trainer: fine-tunes a Hugging Face encoder on instance sets (see docs/architecture.md)."""

__version__ = "0.2.0"
