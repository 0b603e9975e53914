// Reading common request parameters.

import { missingParameter } from "../apiError";
import { parseInteger } from "../templateValidation";

/** A required, non-empty parameter. */
export function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") {
    throw missingParameter(name);
  }
  return value;
}

/** An optional parameter; "" counts as absent. */
export function optional(params: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === "" ? undefined : value;
}

/** CurrentPage (default 1) and PageSize (default 10), both at least 1. */
export function paging(params: Readonly<Record<string, string>>): { page: number; size: number } {
  const page = optional(params, "CurrentPage");
  const size = optional(params, "PageSize");
  return {
    page: page === undefined ? 1 : parseInteger("CurrentPage", page, 1),
    size: size === undefined ? 10 : parseInteger("PageSize", size, 1),
  };
}

/** One page of a list. */
export function pageOf<T>(items: readonly T[], page: number, size: number): T[] {
  return items.slice((page - 1) * size, page * size);
}
