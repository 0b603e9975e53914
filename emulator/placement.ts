// Where each parameter must travel. The SAE gateway reads a ROA operation's parameters from the
// place its API definition names (form body or URL query); one sent elsewhere is not read there.
// The emulator refuses such a request outright, as a strict gateway would, so that a client that
// puts a parameter in the wrong place fails loudly instead of being served by a lenient merge.

import { ApiError } from "./apiError";
import type { Route } from "./routes";

/** 400 `InvalidParameter` naming the parameter and where it belongs (the emulator's choice of code). */
export function misplacedParameter(
  action: string,
  name: string,
  belongs: "form body" | "URL query",
): ApiError {
  const sentIn = belongs === "form body" ? "URL query" : "form body";
  // The value is never echoed: a misplaced parameter may be a secret (OssAkSecret).
  return new ApiError(
    400,
    "InvalidParameter",
    `The parameter ${name} of ${action} must be sent in the ${belongs}, not in the ${sentIn}.`,
    { Parameter: name, ExpectedLocation: belongs === "form body" ? "body" : "query" },
  );
}

/**
 * Throw {@link misplacedParameter} for the first parameter in the wrong place: a form-body
 * parameter in the query, or any other parameter in the body. Names are checked in arrival order.
 */
export function checkPlacement(
  route: Route,
  queryNames: readonly string[],
  bodyNames: readonly string[],
): void {
  const formBody = new Set(route.formBody ?? []);
  for (const name of queryNames) {
    if (formBody.has(name)) {
      throw misplacedParameter(route.action, name, "form body");
    }
  }
  for (const name of bodyNames) {
    if (!formBody.has(name)) {
      throw misplacedParameter(route.action, name, "URL query");
    }
  }
}
