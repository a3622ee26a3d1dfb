import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createdObjects } from '../../functions/adapters/s3-event';
import { FontMetrics } from '../../functions/adapters/font-metrics';
import { sniffImageType } from '../../functions/domain/magic-bytes';
import { mediaKeys, parseUploadKey } from '../../functions/domain/media';
import { wrapText } from '../../functions/domain/share-card-layout';

const solid = (format: 'png' | 'jpeg' | 'webp') =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .toFormat(format)
    .toBuffer();

describe('magic bytes', () => {
  it('names JPEG, PNG and WebP by their first bytes, whatever they claim to be', async () => {
    expect(sniffImageType(await solid('png'))).toBe('image/png');
    expect(sniffImageType(await solid('jpeg'))).toBe('image/jpeg');
    expect(sniffImageType(await solid('webp'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<html><body>not an image</body></html>'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('GIF89a......'))).toBeUndefined();
    // RIFF without WEBP is a WAV or AVI, not an image.
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toBeUndefined();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
  });
});

describe('upload keys', () => {
  it('round-trips the keys this service hands out and refuses any other', () => {
    const post = '0b0c7c1e-2f0a-4e3b-9a51-d1f3c1a2b3c4';
    const media = '9f8e7d6c-5b4a-4c3d-8e2f-1a2b3c4d5e6f';
    expect(parseUploadKey(mediaKeys.upload(post, media))).toEqual({ postId: post, mediaId: media });
    for (const key of [
      `uploads/${post}`,
      `uploads/${post}/${media}/extra`,
      `media/${post}/${media}`,
      `uploads/${post}/../${media}`,
      'uploads/x/y',
    ]) {
      expect(parseUploadKey(key), key).toBeUndefined();
    }
  });
});

describe('S3 event messages on the media queue', () => {
  it('yields the created objects with decoded keys, nothing for S3 test events and removals', () => {
    const body = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Post',
          s3: { bucket: { name: 'b' }, object: { key: 'uploads/a+b%28c%29.png', size: 12 } },
        },
        { eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'b' }, object: { key: 'x' } } },
      ],
    });
    expect(createdObjects(body)).toEqual([{ bucket: 'b', key: 'uploads/a b(c).png', size: 12 }]);
    const test = { Service: 'Amazon S3', Event: 's3:TestEvent', Time: 'now', Bucket: 'b' };
    expect(createdObjects(JSON.stringify(test))).toEqual([]);
    expect(() => createdObjects('{"hello":1}')).toThrow(/not an S3 event/);
    expect(() => createdObjects('not json')).toThrow();
  });
});

describe('share card text', () => {
  const fixed = (text: string) => text.length * 10;

  it('wraps at spaces within the width, keeps paragraphs, and cuts a word only when it must', () => {
    expect(wrapText('aaa bbb ccc ddd', 75, 10, fixed)).toEqual(['aaa bbb', 'ccc ddd']);
    expect(wrapText('one\ntwo three', 100, 10, fixed)).toEqual(['one', 'two three']);
    expect(wrapText('abcdefghijkl', 50, 10, fixed)).toEqual(['abcde', 'fghij', 'kl']);
    for (const line of wrapText('the quick brown fox jumps over the lazy dog', 120, 10, fixed)) {
      expect(fixed(line)).toBeLessThanOrEqual(120);
    }
  });

  it('ends the last line kept with an ellipsis when the text does not fit', () => {
    const lines = wrapText('one two three four five six', 90, 2, fixed);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith('…')).toBe(true);
    expect(fixed(lines[1] ?? '')).toBeLessThanOrEqual(90);
  });

  it('measures with the bundled font: wider text, wider measure; bold wider than regular', async () => {
    const regular = new FontMetrics(await readFile('assets/fonts/DejaVuSans.ttf'));
    const bold = new FontMetrics(await readFile('assets/fonts/DejaVuSans-Bold.ttf'));
    expect(regular.width('iiii', 40)).toBeLessThan(regular.width('WWWW', 40));
    expect(regular.width('Hello', 80)).toBeCloseTo(2 * regular.width('Hello', 40));
    expect(bold.width('Hello', 40)).toBeGreaterThan(regular.width('Hello', 40));
    // DejaVu Sans: "M" advances 1767/2048 em.
    expect(regular.width('M', 2048)).toBe(1767);
  });
});
