import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../functions/domain/text-analysis';

describe('analyzeText', () => {
  it('counts words, sentences and paragraphs, and gives reading time', () => {
    const result = analyzeText(
      'The cat sat on the mat. It was happy!\n\nA new paragraph starts here.',
    );
    expect(result).toMatchObject({
      language: 'en',
      words: 14,
      sentences: 3,
      paragraphs: 2,
      average_words_per_sentence: 4.7,
      // 14 words at 238 a minute: 3.5 s, rounded up.
      reading_time_seconds: 4,
    });
    expect(result.characters).toBe(67);
  });

  it('scores easy English high and dense English low on Flesch reading ease', () => {
    const easy = analyzeText('The cat sat on the mat. The dog ran to the park. We had fun.');
    const dense = analyzeText(
      'The implementation of comprehensive organizational standardization necessitates ' +
        'considerable administrative documentation, particularly regarding international ' +
        'regulatory considerations and institutional interoperability.',
    );
    expect(easy.flesch_reading_ease).toBeGreaterThan(90);
    expect(dense.flesch_reading_ease).toBeLessThan(0);
  });

  it('computes Flesch from the counts: 206.835 - 1.015 w/s - 84.6 syl/w', () => {
    // 6 one-syllable words in one sentence: 206.835 - 6.09 - 84.6 = 116.1
    expect(analyzeText('The cat sat on the mat.').flesch_reading_ease).toBe(116.1);
  });

  it('reads sentiment from the words', () => {
    expect(analyzeText('I love this, it is wonderful and great!').sentiment.label).toBe('positive');
    expect(analyzeText('This is terrible, awful and sad.').sentiment.label).toBe('negative');
    expect(analyzeText('The table is in the room.').sentiment).toEqual({
      score: 0,
      label: 'neutral',
    });
  });

  it('ranks keywords by lemma, without stop words, and counts hashtags', () => {
    const result = analyzeText(
      'My cats sleep. A cat sleeps all day. #Serverless #AWS the cat eats. #serverless',
    );
    expect(result.keywords.slice(0, 2)).toEqual([
      { term: 'cat', count: 3 },
      { term: 'sleep', count: 2 },
    ]);
    expect(result.keywords.map((k) => k.term)).not.toContain('the');
    expect(result.hashtags).toEqual([
      { tag: '#serverless', count: 2 },
      { tag: '#aws', count: 1 },
    ]);
  });

  it('keeps at most ten keywords, most frequent first, ties alphabetical', () => {
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima';
    const result = analyzeText(`${words} kilo kilo lima`);
    expect(result.keywords).toHaveLength(10);
    expect(result.keywords.slice(0, 3)).toEqual([
      { term: 'kilo', count: 3 },
      { term: 'lima', count: 2 },
      { term: 'alpha', count: 1 },
    ]);
  });

  it('does not claim English readability for another language', () => {
    const result = analyzeText(
      'Die Entwicklung der Stadt war in den letzten Jahren sehr schnell. Viele Menschen sind ' +
        'in die Stadt gezogen, weil es hier Arbeit gibt.',
    );
    expect(result.language).toBe('unknown');
    expect(result.flesch_reading_ease).toBeNull();
    expect(result.sentiment.label).toBe('neutral');
    expect(result).toMatchObject({ words: 23, sentences: 2 });
  });

  it('answers for a text with no words at all', () => {
    expect(analyzeText('!!! ???')).toMatchObject({
      words: 0,
      sentences: 0,
      flesch_reading_ease: null,
      keywords: [],
      reading_time_seconds: 0,
    });
  });

  it('counts characters as code points', () => {
    expect(analyzeText('héllo 👋').characters).toBe(7);
  });
});
