// Every icon is one path (circles and rounded rectangles written as arcs), so an icon is
// a single attribute on a cloned template: the table draws four per row, the folder tree
// one or two per folder. Before, each icon was a chain of 23 `{#if}` branches (an earlier probe
// put the first rows' ~140 icons at ~45 ms of the start).
const RECT_12x11 = 'M3.5 2.5h9a1.5 1.5 0 011.5 1.5v8a1.5 1.5 0 01-1.5 1.5h-9A1.5 1.5 0 012 12V4a1.5 1.5 0 011.5-1.5z';

export const ICON_PATHS = {
  eye: 'M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8zM6 8a2 2 0 104 0 2 2 0 10-4 0',
  eyeOff:
    'M2 2l12 12M6.6 6.6a2 2 0 002.8 2.8M4.2 4.3C2.5 5.5 1.5 8 1.5 8s2.4 4.5 6.5 4.5c1.3 0 2.4-.4 3.4-1M7 3.6c.3 0 .7-.1 1-.1 4.1 0 6.5 4.5 6.5 4.5s-.6 1.1-1.7 2.3',
  copy: 'M7 5.5h5a1.5 1.5 0 011.5 1.5v5a1.5 1.5 0 01-1.5 1.5H7A1.5 1.5 0 015.5 12V7A1.5 1.5 0 017 5.5zM10.5 5.5V3.5a1 1 0 00-1-1h-6a1 1 0 00-1 1v6a1 1 0 001 1h2',
  edit: 'M11 2.5l2.5 2.5L6 12.5H3.5V10z',
  trash: 'M2.5 4.5h11M6 4.5V3a.5.5 0 01.5-.5h3a.5.5 0 01.5.5v1.5M4 4.5l.7 8.5a1 1 0 001 .9h4.6a1 1 0 001-.9l.7-8.5',
  refresh: 'M13.5 8a5.5 5.5 0 11-1.6-3.9M13.5 2.5v3h-3',
  plus: 'M8 3v10M3 8h10',
  settings:
    'M6 8a2 2 0 104 0 2 2 0 10-4 0M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
  lock: 'M4.7 7h6.6a1.2 1.2 0 011.2 1.2v4.1a1.2 1.2 0 01-1.2 1.2H4.7a1.2 1.2 0 01-1.2-1.2V8.2A1.2 1.2 0 014.7 7zM5.5 7V5a2.5 2.5 0 015 0v2',
  folder: 'M2 4.5a1 1 0 011-1h3l1.5 1.5H13a1 1 0 011 1V12a1 1 0 01-1 1H3a1 1 0 01-1-1z',
  folderOpen: 'M2 12V4.5a1 1 0 011-1h3l1.5 1.5H12a1 1 0 011 1V7M2 12l1.6-4.3a1 1 0 01.9-.7H14l-1.7 5.3a1 1 0 01-.9.7H2z',
  chevron: 'M6 4l4 4-4 4',
  search: 'M2.5 7a4.5 4.5 0 109 0 4.5 4.5 0 10-9 0M10.5 10.5L14 14',
  list: 'M5.5 4h8M5.5 8h8M5.5 12h8M2.5 4h.01M2.5 8h.01M2.5 12h.01',
  x: 'M4 4l8 8M12 4l-8 8',
  user: 'M5.5 5.5a2.5 2.5 0 105 0 2.5 2.5 0 10-5 0M3 13.5c.6-2.3 2.6-3.5 5-3.5s4.4 1.2 5 3.5',
  key: 'M2.5 10.5a3 3 0 106 0 3 3 0 10-6 0M7.7 8.3L13.5 2.5M11.5 4.5l1.5 1.5',
  more: 'M2.7 8a.8.8 0 101.6 0 .8.8 0 10-1.6 0M7.2 8a.8.8 0 101.6 0 .8.8 0 10-1.6 0M11.7 8a.8.8 0 101.6 0 .8.8 0 10-1.6 0',
  sidebar: `${RECT_12x11}M6 2.5v11`,
  down: 'M4 6l4 4 4-4',
  columns: `${RECT_12x11}M6 2.5v11M10 2.5v11`,
  upload: 'M8 10.5V2.5M5 5.5l3-3 3 3M2.5 10.5v2a1 1 0 001 1h9a1 1 0 001-1v-2',
  download: 'M8 2.5v8M5 7.5l3 3 3-3M2.5 10.5v2a1 1 0 001 1h9a1 1 0 001-1v-2',
} as const;

export type IconName = keyof typeof ICON_PATHS;
