// Every icon is one stroked path on a 16-unit grid (icon-strokes.json), so an icon is a
// single attribute on a cloned template (Icon.svelte). Before, each icon was a chain of 23
// `{#if}` branches (an earlier probe put the first rows' ~140 icons at ~45 ms of the start).
//
// The table's rows draw their four action icons as characters of an icon font made from the
// same strokes (scripts/icon-font.py): WebKit strokes and fills an SVG path again on every
// frame, but draws a glyph once per size and copies it after that.
import strokes from './icon-strokes.json';
import { chars } from './icon-font.json';

export const ICON_PATHS = strokes;

export type IconName = keyof typeof ICON_PATHS;

/** Each icon's character in the `Desk Icons` font (added by icon-face.ts). */
export const ICON_CHARS: Readonly<Record<IconName, string>> = chars;
