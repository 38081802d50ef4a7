// A small JSON diff for policy contents: objects (collections keyed by id, records of fields) are
// compared key by key, anything else (strings, numbers, arrays, null) is replaced whole. A patch
// names the keys set to a new value, the keys removed, and the nested objects changed.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ObjectPatch {
  // Keys added, or whose value changed and is not an object on both sides: the new value.
  set?: JsonObject;
  unset?: string[];
  // Keys whose value is an object on both sides and changed inside.
  sub?: { [key: string]: ObjectPatch };
}

export const isObject = (v: Json | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

// The patch that turns `from` into `to` (empty object when they are equal).
export function diffObjects(from: JsonObject, to: JsonObject): ObjectPatch {
  const set: JsonObject = {};
  const sub: { [key: string]: ObjectPatch } = {};
  for (const key of Object.keys(to).sort()) {
    const before = from[key];
    const after = to[key];
    if (!(key in from)) set[key] = after;
    else if (isObject(before) && isObject(after)) {
      const inner = diffObjects(before, after);
      if (!isEmptyPatch(inner)) sub[key] = inner;
    } else if (!jsonEqual(before, after)) set[key] = after;
  }
  const unset = Object.keys(from)
    .filter((key) => !(key in to))
    .sort();
  return {
    ...(Object.keys(set).length ? { set } : {}),
    ...(unset.length ? { unset } : {}),
    ...(Object.keys(sub).length ? { sub } : {}),
  };
}

export const isEmptyPatch = (patch: ObjectPatch) => !patch.set && !patch.unset && !patch.sub;

// A new object: `base` with the patch applied (base is not modified; unchanged branches are shared).
export function applyPatch(base: JsonObject, patch: ObjectPatch): JsonObject {
  const out: JsonObject = { ...base };
  for (const key of patch.unset ?? []) delete out[key];
  for (const [key, value] of Object.entries(patch.set ?? {})) out[key] = value;
  for (const [key, inner] of Object.entries(patch.sub ?? {})) {
    const current = out[key];
    if (!isObject(current)) throw new Error(`patch changes ${key} inside, but the base has no object there`);
    out[key] = applyPatch(current, inner);
  }
  return out;
}
