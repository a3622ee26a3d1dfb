/**
 * A CPU-bound worker function for the load benchmark's busy phase while the
 * service has no `POST /analyze` worker of its own: it computes what that
 * worker is specified to compute (word, sentence and syllable statistics,
 * Flesch reading ease, a lexicon sentiment, top keywords and hashtags) over
 * the text it is given, `passes` times: these few statistics take ~2 ms
 * over 50,000 characters, a real NLP pass far longer. A fixed amount of
 * work, so a job that gets less CPU takes longer, as a real one would.
 * It runs in a Lambda pool like any function.
 */
const positive = new Set(['enjoy', 'clear', 'great', 'celebrate', 'wonderful', 'honest', 'fast']);
const negative = new Set(['dislike', 'confusing', 'terrible', 'delays', 'broken']);
const stopWords = new Set([
  'the',
  'a',
  'and',
  'in',
  'from',
  'with',
  'but',
  'they',
  'before',
  'every',
  'while',
  'away',
]);

export interface Analysis {
  readonly words: number;
  readonly sentences: number;
  readonly syllables: number;
  readonly readingTimeSeconds: number;
  readonly fleschReadingEase: number;
  readonly sentiment: number;
  readonly keywords: readonly string[];
  readonly hashtags: readonly string[];
}

export const handler = async (event: {
  text: string;
  passes: number;
}): Promise<Analysis & { passes: number }> => {
  let analysis = analyse(event.text);
  for (let pass = 1; pass < event.passes; pass += 1) analysis = analyse(event.text);
  return { ...analysis, passes: event.passes };
};

function analyse(text: string): Analysis {
  const words = text.toLowerCase().match(/[#\p{L}][\p{L}'-]*/gu) ?? [];
  const sentences = Math.max(1, (text.match(/[.!?]+(\s|$)/g) ?? []).length);
  let syllables = 0;
  let sentiment = 0;
  const counts = new Map<string, number>();
  const hashtags = new Map<string, number>();
  for (const word of words) {
    if (word.startsWith('#')) {
      hashtags.set(word, (hashtags.get(word) ?? 0) + 1);
      continue;
    }
    syllables += syllablesOf(word);
    if (positive.has(word)) sentiment += 1;
    if (negative.has(word)) sentiment -= 1;
    if (!stopWords.has(word) && word.length > 2) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([w]) => w);
  const n = Math.max(1, words.length);
  return {
    words: words.length,
    sentences,
    syllables,
    readingTimeSeconds: Math.round((words.length / 238) * 60),
    fleschReadingEase: 206.835 - 1.015 * (n / sentences) - 84.6 * (syllables / n),
    sentiment: sentiment / n,
    keywords: top(counts),
    hashtags: top(hashtags),
  };
}

/** Vowel groups, minus a silent final e: the usual English estimate. */
function syllablesOf(word: string): number {
  const groups = word.replace(/e$/, '').match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 0);
}
