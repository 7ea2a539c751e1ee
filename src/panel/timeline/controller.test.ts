import { describe, expect, it } from 'vitest';
import type { ChannelView } from '../../core/classify/types';
import { sameLanes } from './controller';

const lane = (key: string, pattern: ChannelView['pattern'] = 'polling', template = `/${key}`): ChannelView =>
  ({ key, pattern, template }) as ChannelView;

describe('sameLanes', () => {
  it('sees through a fresh array of the same lanes', () => {
    const a = [lane('a'), lane('b')];
    expect(sameLanes(a, a)).toBe(true);
    expect(sameLanes(a, [lane('a'), lane('b')])).toBe(true);
  });
  it('notices order, count, pattern and label changes', () => {
    const a = [lane('a'), lane('b')];
    expect(sameLanes(a, [lane('b'), lane('a')])).toBe(false);
    expect(sameLanes(a, [lane('a')])).toBe(false);
    expect(sameLanes(a, [lane('a'), lane('b', 'sse')])).toBe(false);
    expect(sameLanes(a, [lane('a'), lane('b', 'polling', '/b/:id')])).toBe(false);
  });
});
