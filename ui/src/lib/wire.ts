// Listings and the side-by-side view cross IPC with each row as an array
// (crates/desk-core/src/view/rows_wire.rs and compare_wire.rs): WebKitGTK passes an answer
// to the page in small pieces, so its size is most of the IPC time, and without the field
// names 10,000 rows are 2.1 MB instead of 3.4 MB. These turn them back into the objects
// the UI uses.
import type {
  CompareCell,
  CompareCellWire,
  CompareRow,
  CompareRowWire,
  CompareView as WireCompareView,
  SecretList as WireList,
  SecretRow,
  SecretRowWire,
} from './bindings';

export type SecretList = Omit<WireList, 'rows'> & { rows: SecretRow[] };
export type CompareView = Omit<WireCompareView, 'rows'> & { rows: CompareRow[] };

const ROTATING = 1;
const HAS_OVERRIDE = 2;
const OVERRIDE_ACTIVE = 4;

export function rowFromWire(w: SecretRowWire): SecretRow {
  const [id, key, path, comment, tags, kind, flags, version, createdAt, updatedAt, configValue, valueSet, preview] = w;
  const row: SecretRow = {
    id,
    key,
    path,
    comment,
    tags,
    kind,
    rotating: (flags & ROTATING) !== 0,
    version,
    createdAt,
    updatedAt,
    hasOverride: (flags & HAS_OVERRIDE) !== 0,
    overrideActive: (flags & OVERRIDE_ACTIVE) !== 0,
    configValue,
  };
  // Only masked listings carry these; left out otherwise, as Rust leaves them out.
  if (valueSet !== null) row.valueSet = valueSet;
  if (preview !== null) row.preview = preview;
  return row;
}

export function rowToWire(r: SecretRow): SecretRowWire {
  const flags = (r.rotating ? ROTATING : 0) | (r.hasOverride ? HAS_OVERRIDE : 0) | (r.overrideActive ? OVERRIDE_ACTIVE : 0);
  return [r.id, r.key, r.path, r.comment, r.tags, r.kind, flags, r.version, r.createdAt, r.updatedAt, r.configValue, r.valueSet ?? null, r.preview ?? null];
}

export const listFromWire = (l: WireList): SecretList => ({ ...l, rows: l.rows.map(rowFromWire) });
export const listToWire = (l: SecretList): WireList => ({ ...l, rows: l.rows.map(rowToWire) });

const MISSING = 1;
const DIFFERS = 2;

const emptyCell = (): CompareCell => ({ secretId: null, kind: null, group: null, overrideActive: false });

function cellFromWire(w: CompareCellWire): CompareCell {
  if (w === null) return emptyCell();
  const [secretId, kind, group, overrideActive] = w;
  return { secretId, kind, group, overrideActive };
}

function cellToWire(c: CompareCell): CompareCellWire {
  const empty = c.secretId === null && c.kind === null && c.group === null && !c.overrideActive;
  return empty ? null : [c.secretId, c.kind, c.group, c.overrideActive];
}

export function compareRowFromWire(w: CompareRowWire): CompareRow {
  const [key, path, tags, flags, cells] = w;
  return { key, path, tags, cells: cells.map(cellFromWire), missing: (flags & MISSING) !== 0, differs: (flags & DIFFERS) !== 0 };
}

export function compareRowToWire(r: CompareRow): CompareRowWire {
  const flags = (r.missing ? MISSING : 0) | (r.differs ? DIFFERS : 0);
  return [r.key, r.path, r.tags, flags, r.cells.map(cellToWire)];
}

export const compareFromWire = (v: WireCompareView): CompareView => ({ ...v, rows: v.rows.map(compareRowFromWire) });
export const compareToWire = (v: CompareView): WireCompareView => ({ ...v, rows: v.rows.map(compareRowToWire) });
