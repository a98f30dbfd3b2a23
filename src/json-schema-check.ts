/**
 * Checks a value against a JSON Schema, for the keywords briefdeck's published schema uses. It answers
 * only "conforms" or "not shown to conform": a keyword it does not know counts as the second, and then
 * the caller asks zod, which also explains what is wrong. Valid briefs, the usual case, never load zod.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

// Keywords that say nothing about validity.
const ANNOTATIONS = new Set(["$schema", "$id", "title", "description"]);
const patterns = new Map<string, RegExp>();

export function conforms(schema: JsonSchema, value: unknown): boolean {
  for (const [keyword, expected] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (!check(keyword, expected, schema, value)) return false;
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Each keyword applies only to values of its kind (pattern to strings, items to arrays…), as in JSON Schema.
function check(keyword: string, expected: unknown, schema: JsonSchema, value: unknown): boolean {
  switch (keyword) {
    case "type":
      return hasType(expected, value);
    case "const":
      return Object.is(expected, value);
    case "enum":
      return Array.isArray(expected) && expected.some((option) => Object.is(option, value));
    case "format":
      // A date's pattern says all a date needs; the schema always gives one. Other formats: ask zod.
      return expected === "date" && typeof schema.pattern === "string";
    case "pattern":
      return typeof value !== "string" || (typeof expected === "string" && regExp(expected).test(value));
    case "minLength":
      return typeof value !== "string" || (typeof expected === "number" && value.length >= expected);
    case "minimum":
      return typeof value !== "number" || (typeof expected === "number" && value >= expected);
    case "maximum":
      return typeof value !== "number" || (typeof expected === "number" && value <= expected);
    case "minItems":
      return !Array.isArray(value) || (typeof expected === "number" && value.length >= expected);
    case "items":
      return !Array.isArray(value) || (isObject(expected) && value.every((item) => conforms(expected, item)));
    case "required":
      return (
        !isObject(value) || (Array.isArray(expected) && expected.every((key) => Object.hasOwn(value, key)))
      );
    case "properties":
      return (
        !isObject(value) ||
        (isObject(expected) &&
          Object.entries(expected).every(
            ([key, sub]) => !Object.hasOwn(value, key) || (isObject(sub) && conforms(sub, value[key])),
          ))
      );
    case "additionalProperties":
      return !isObject(value) || additional(expected, schema, value);
    case "propertyNames":
      return (
        !isObject(value) || (isObject(expected) && Object.keys(value).every((key) => conforms(expected, key)))
      );
    case "anyOf":
      return Array.isArray(expected) && expected.some((sub) => isObject(sub) && conforms(sub, value));
    case "oneOf":
      return (
        Array.isArray(expected) &&
        expected.filter((sub) => isObject(sub) && conforms(sub, value)).length === 1
      );
    default:
      return false;
  }
}

function hasType(expected: unknown, value: unknown): boolean {
  switch (expected) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    // zod's numbers are finite, and its integers safe.
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isSafeInteger(value);
    default:
      return false;
  }
}

function additional(expected: unknown, schema: JsonSchema, value: Record<string, unknown>): boolean {
  const known = isObject(schema.properties) ? schema.properties : {};
  const extra = Object.keys(value).filter((key) => !Object.hasOwn(known, key));
  if (expected === false) return extra.length === 0;
  return isObject(expected) && extra.every((key) => conforms(expected, value[key]));
}

function regExp(source: string): RegExp {
  let compiled = patterns.get(source);
  if (compiled === undefined) {
    compiled = new RegExp(source);
    patterns.set(source, compiled);
  }
  return compiled;
}
