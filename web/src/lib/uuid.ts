const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID: ids in paths are checked before they reach a query. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
