// @vitest-environment node
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import font from '../icon-font.json';
import { addIconFont } from '../icon-face';

// Node has no FontFace; this stand-in keeps what the page's would be given. The real window
// loads the face in the e2e journey ux10.
class RecordedFace {
  constructor(
    readonly family: string,
    readonly source: Uint8Array,
    readonly descriptors: FontFaceDescriptors,
  ) {}
}

afterEach(() => vi.unstubAllGlobals());

describe('addIconFont', () => {
  it("adds the woff's exact bytes under the family the rows use", () => {
    vi.stubGlobal('FontFace', RecordedFace);
    const added: unknown[] = [];
    const face = addIconFont({ add: (f: FontFace) => added.push(f) } as unknown as FontFaceSet);

    expect(added).toEqual([face]);
    const recorded = face as unknown as RecordedFace;
    expect(recorded.family).toBe(font.family);
    const woff = readFileSync(new URL('../../assets/desk-icons.woff', import.meta.url));
    expect(recorded.source.length).toBe(woff.length);
    expect(Buffer.from(recorded.source).equals(woff)).toBe(true);
    expect(recorded.descriptors.display).toBe('block');
  });
});
