import winkNLP, { type ItemToken } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { jobs } from '../../lib/description/limits';
import { countSyllables } from './syllables';

/** What a text analysis job answers. */
export interface TextAnalysis {
  /** `en` when the text reads as English; Flesch and sentiment are only meaningful then. */
  readonly language: 'en' | 'unknown';
  /** Unicode code points. */
  readonly characters: number;
  readonly words: number;
  readonly sentences: number;
  readonly paragraphs: number;
  readonly average_words_per_sentence: number;
  readonly reading_time_seconds: number;
  /** Flesch reading ease (higher is easier; 60-70 is plain English); null unless English. */
  readonly flesch_reading_ease: number | null;
  readonly sentiment: {
    /** -1 (negative) .. 1 (positive), from wink's English sentiment model. */
    readonly score: number;
    readonly label: 'positive' | 'neutral' | 'negative';
  };
  readonly keywords: readonly { readonly term: string; readonly count: number }[];
  readonly hashtags: readonly { readonly tag: string; readonly count: number }[];
}

// Loaded once per container: the model is a few MB of JSON and costs tens of milliseconds.
const nlp = winkNLP(model);
const { its } = nlp;
// wink's typings give lemma an addons parameter its other token functions lack; it is one.
const lemmaOf = its.lemma as unknown as typeof its.normal;

/** Below this share of stop words, the text is not English (English runs at 40-50 %). */
const ENGLISH_STOP_WORD_SHARE = 0.15;
const SENTIMENT_NEUTRAL_BAND = 0.05;

export function analyzeText(text: string): TextAnalysis {
  const doc = nlp.readDoc(text);
  let words = 0;
  let stopWords = 0;
  let syllables = 0;
  const keywordCounts = new Map<string, number>();
  const hashtagCounts = new Map<string, number>();

  doc.tokens().each((token: ItemToken) => {
    const type = token.out(its.type);
    if (type === 'hashtag') {
      bump(hashtagCounts, String(token.out(its.normal)));
      return;
    }
    if (type !== 'word') return;
    words += 1;
    const normal = String(token.out(its.normal));
    syllables += countSyllables(normal);
    if (token.out(its.stopWordFlag) === true) {
      stopWords += 1;
      return;
    }
    const lemma = String(token.out(lemmaOf)).toLowerCase();
    // Two-letter leftovers ("s", "nt") of contractions and possessives are not keywords.
    if (/\p{L}/u.test(lemma) && [...lemma].length >= 3) bump(keywordCounts, lemma);
  });

  const sentences = words === 0 ? 0 : Math.max(1, doc.sentences().length());
  const english = words > 0 && stopWords / words >= ENGLISH_STOP_WORD_SHARE;
  const score = english ? round(Number(doc.out(its.sentiment)), 3) : 0;
  const wordsPerSentence = sentences === 0 ? 0 : words / sentences;

  return {
    language: english ? 'en' : 'unknown',
    characters: [...text].length,
    words,
    sentences,
    paragraphs: text.split(/\n\s*\n/).filter((p) => p.trim().length > 0).length,
    average_words_per_sentence: round(wordsPerSentence, 1),
    reading_time_seconds: Math.ceil((words / jobs.wordsPerMinute) * 60),
    flesch_reading_ease: english
      ? round(206.835 - 1.015 * wordsPerSentence - 84.6 * (syllables / words), 1)
      : null,
    sentiment: {
      score,
      label:
        score > SENTIMENT_NEUTRAL_BAND
          ? 'positive'
          : score < -SENTIMENT_NEUTRAL_BAND
            ? 'negative'
            : 'neutral',
    },
    keywords: top(keywordCounts).map(([term, count]) => ({ term, count })),
    hashtags: top(hashtagCounts).map(([tag, count]) => ({ tag, count })),
  };
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Most frequent first; ties in alphabetical order, so the result is stable. */
function top(counts: Map<string, number>): [string, number][] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, jobs.topTerms);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
