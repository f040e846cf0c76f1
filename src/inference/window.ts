// The trainer's context window (trainer/biorex_trainer/data.py `fit_window`), ported line by line so
// that the ONNX model sees exactly the token ids the PyTorch model saw. Any change there must be
// mirrored here: test/inference/tokenizer.test.ts compares both on fixture texts and random id lists.

/** Entity-tag token ids: opening tags, and closing tags (a tag whose text contains `/`). */
export interface TagIds {
  start: ReadonlySet<number>;
  end: ReadonlySet<number>;
}

/** Splits tag strings into opening / closing ids the way the trainer does (`/` marks a closing tag). */
export function tagIdsOf(tags: readonly string[], idOf: (token: string) => number | undefined): TagIds {
  const start = new Set<number>();
  const end = new Set<number>();
  for (const t of tags) {
    const id = idOf(t);
    if (id !== undefined) (t.includes('/') ? end : start).add(id);
  }
  return { start, end };
}

interface Mention {
  /** Position of the opening tag. */
  lo: number;
  /** Position of the closing tag (= lo when the tag has no closing partner). */
  hi: number;
  tag: number;
  /** The ids between the tags, joined: compared by value. */
  content: string;
}

/**
 * Cut `ids` (word-piece ids without [CLS]/[SEP]) to `budget` tokens, keeping the prompt (everything up
 * to and including the first `sepId`) whole and centring the body on the shortest stretch holding a
 * tagged mention of each of the two entities; when that stretch is longer than the room left, two
 * half-windows, one centred on each end mention.
 */
export function fitWindow(ids: number[], budget: number, sepId: number | undefined, tags: TagIds): number[] {
  if (ids.length <= budget) return ids;
  const sepAt = sepId === undefined ? -1 : ids.indexOf(sepId);
  const cut = sepAt >= 0 ? sepAt + 1 : 0;
  const prompt = ids.slice(0, cut);
  const body = ids.slice(cut);
  const room = budget - prompt.length;
  if (room <= 0) return ids.slice(0, budget); // a prompt longer than the whole budget: keep its head
  const span = entitySpan(mentionsOf(prompt, tags), mentionsOf(body, tags));
  if (!span) return [...prompt, ...body.slice(0, room)];
  const [first, last] = span;
  if (last.hi - first.lo + 1 <= room) {
    const centre = Math.floor((first.lo + last.hi + 1) / 2);
    const start = Math.min(Math.max(0, centre - Math.floor(room / 2)), body.length - room);
    return [...prompt, ...pySlice(body, start, start + room)];
  }
  const left = Math.floor(room / 2);
  const right = room - left;
  const a = Math.min(Math.max(0, Math.floor((first.lo + first.hi + 1) / 2) - Math.floor(left / 2)), last.lo - left);
  const b = Math.max(Math.min(body.length - right, Math.floor((last.lo + last.hi + 1) / 2) - Math.floor(right / 2)), a + left);
  return [...prompt, ...pySlice(body, a, a + left), ...pySlice(body, b, b + right)];
}

/** Python's `xs[a:b]` (negative bounds count from the end; JS slice agrees, kept explicit for clarity). */
function pySlice<T>(xs: T[], a: number, b: number): T[] {
  return xs.slice(a, b);
}

function mentionsOf(ids: number[], tags: TagIds): Mention[] {
  const opening: number[] = [];
  ids.forEach((t, i) => {
    if (tags.start.has(t)) opening.push(i);
  });
  return opening.map((lo, k) => {
    const stop = k + 1 < opening.length ? opening[k + 1] : ids.length;
    let hi = lo;
    for (let j = lo + 1; j < stop; j++) {
      if (tags.end.has(ids[j])) {
        hi = j;
        break;
      }
    }
    return { lo, hi, tag: ids[lo], content: ids.slice(lo + 1, hi).join(',') };
  });
}

/** The closest pair (first, last) of body mentions that stand for the two different entities. */
function entitySpan(prompt: Mention[], body: Mention[]): [Mention, Mention] | undefined {
  if (body.length === 0) return undefined;
  let keys: (string | null)[];
  if (prompt.length >= 2 && prompt[0].tag !== prompt[1].tag) keys = body.map((m) => `t${m.tag}`);
  else if (prompt.length >= 2) {
    const [a, b] = [prompt[0].content, prompt[1].content];
    keys = body.map((m) => (m.content === a ? 'A' : m.content === b ? 'B' : null));
  } else if (new Set(body.map((m) => m.tag)).size >= 2) keys = body.map((m) => `t${m.tag}`);
  else keys = body.map((m) => `c${m.content}`);
  const need = Math.min(2, new Set(keys.filter((k) => k !== null)).size);
  if (need === 0) return undefined;
  if (need === 1) {
    const m = body[keys.findIndex((k) => k !== null)];
    return [m, m];
  }
  let best: [Mention, Mention] | undefined;
  body.forEach((m, j) => {
    const key = keys[j];
    if (key === null) return;
    // nearest earlier mention with another key
    let i = j - 1;
    while (i >= 0 && (keys[i] === null || keys[i] === key)) i--;
    if (i >= 0 && (best === undefined || m.hi - body[i].lo < best[1].hi - best[0].lo)) best = [body[i], m];
  });
  return best;
}
