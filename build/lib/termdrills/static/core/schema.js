// termdrills JSON Schema check: the subset of JSON Schema (2020-12) that the course's
// own schemas use (termdrills/schema/*.json), so the front end reads the same written
// contract Python checks with jsonschema. Keywords: type, const, enum, minimum, maximum,
// minLength, maxLength, properties, required, additionalProperties, maxProperties,
// propertyNames, items, prefixItems, minItems, maxItems and local $ref ("#/$defs/x").
// tests/test_store_contract.py runs the same files through both and compares.
// Any other keyword is an error, so the subset cannot drift silently.

const SCHEMA_KNOWN = new Set(["$schema", "$id", "$ref", "$defs", "title", "description",
  "type", "const", "enum", "minimum", "maximum", "minLength", "maxLength", "properties",
  "required", "additionalProperties", "maxProperties", "propertyNames", "items",
  "prefixItems", "minItems", "maxItems"]);

function schema_type(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function schema_is(value, type) {
  const actual = schema_type(value);
  return actual === type || (type === "number" && actual === "integer");
}

/** The first place where `value` breaks `schema` ("" when it is valid), as "path: why". */
export function schemaProblem(value, schema, root = schema, path = "") {
  for (const key of Object.keys(schema)) {
    if (!SCHEMA_KNOWN.has(key)) throw new Error(`schema keyword ${key} is not supported`);
  }
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, "");
    return schemaProblem(value, root.$defs[name], root, path);
  }
  const at = path || "(top)";
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => schema_is(value, t))) return `${at}: not ${types.join(" or ")}`;
  }
  if ("const" in schema && value !== schema.const) return `${at}: not ${schema.const}`;
  if (schema.enum && !schema.enum.includes(value)) return `${at}: not one of ${schema.enum}`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `${at}: not a finite number`;
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: too small`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: too large`;
  }
  if (typeof value === "string") {
    const length = Array.from(value).length;
    if (schema.minLength !== undefined && length < schema.minLength) return `${at}: too short`;
    if (schema.maxLength !== undefined && length > schema.maxLength) return `${at}: too long`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${at}: too few`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${at}: too many`;
    for (let i = 0; i < value.length; i++) {
      const item = schema.prefixItems?.[i] ?? schema.items;
      const problem = item ? schemaProblem(value[i], item, root, `${path}/${i}`) : "";
      if (problem) return problem;
    }
  }
  if (schema_type(value) === "object") {
    const keys = Object.keys(value);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
      return `${at}: too many properties`;
    }
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) return `${at}: no ${name}`;
    }
    for (const key of keys) {
      const where = `${path}/${key}`;
      if (schema.propertyNames) {
        const problem = schemaProblem(key, schema.propertyNames, root, where);
        if (problem) return problem;
      }
      const sub = schema.properties && Object.hasOwn(schema.properties, key)
        ? schema.properties[key] : schema.additionalProperties;
      if (sub === false) return `${where}: not allowed`;
      if (sub && sub !== true) {
        const problem = schemaProblem(value[key], sub, root, where);
        if (problem) return problem;
      }
    }
  }
  return "";
}
