import { expect, it } from 'vitest';
import { rebuildNotice } from '../../local/lambda/lambda-service';

it('names the functions a rebuild changed, says "all" when it changed every one, and says so when it changed none', () => {
  expect(rebuildNotice(['getPost'], 25)).toBe('functions rebuilt: getPost runs the new code');
  expect(rebuildNotice(['getPost', 'listPosts'], 25)).toBe(
    'functions rebuilt: getPost, listPosts run the new code',
  );
  expect(rebuildNotice(['a', 'b', 'c'], 3)).toBe('functions rebuilt: all 3 run the new code');
  expect(rebuildNotice([], 25)).toBe("functions rebuilt: no function's code changed");
});
