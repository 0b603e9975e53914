// Errors the emulator answers, with the codes and messages the SAE docs list. Handlers throw
// ApiError; the server turns it into an HTTP error response.

/** An error answered to the client as `{RequestId, Code, Message, Success: false}`. */
export class ApiError extends Error {
  /**
   * @param status HTTP status to answer.
   * @param code Error code (the body's `Code`).
   * @param message Error message (the body's `Message`).
   * @param extra Additional body fields, e.g. a server-side canonical request for debugging.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** `InvalidParameter.NotEmpty`: a required parameter is missing or empty. */
export function missingParameter(name: string): ApiError {
  return new ApiError(400, "InvalidParameter.NotEmpty", `You must specify the parameter ${name}.`);
}

/** `InvalidParameter.WithMessage`: a parameter has a bad value; the message names it. */
export function invalidParameter(name: string, why: string): ApiError {
  return new ApiError(400, "InvalidParameter.WithMessage", `The parameter is invalid {${name}}: ${why}`);
}

/**
 * 400 `InvalidParameter` with the parameter's name in `Parameter`: the tag operations' answer (and
 * ListJobs' for its Tags) to a value that breaks a rule; the message names the rule.
 */
export function tagParameterError(name: string, why: string): ApiError {
  return new ApiError(400, "InvalidParameter", `The parameter ${name} is invalid: ${why}`, {
    Parameter: name,
  });
}

/** 404 `InvalidAppId.NotFound` (DescribeJob, DeleteJob, DescribeJobStatus, SuspendJob, ...). */
export function appIdNotFound(): ApiError {
  return new ApiError(404, "InvalidAppId.NotFound", "The specified AppId does not exist.");
}

/** 400 `InvalidApplication.NotFound` (UpdateJob and ExecJob use this code for a missing app). */
export function applicationNotFound(): ApiError {
  return new ApiError(400, "InvalidApplication.NotFound", "The current application does not exist.");
}

/** 404 `InvalidJobId.NotFound`: the docs name no code for an unknown job run; this is ours. */
export function jobIdNotFound(jobId: string): ApiError {
  return new ApiError(404, "InvalidJobId.NotFound", `The specified JobId does not exist: ${jobId}`);
}

/** Errors with fixed wording. */
export const errors = {
  changeOrderRunning: () =>
    new ApiError(
      400,
      "Application.ChangerOrderRunning",
      "An application change process is in progress. Please try again later.",
    ),
  throttled: () => new ApiError(400, "Throttling.User", "Request was denied due to user flow control."),
  internal: () =>
    new ApiError(
      500,
      "InternalError",
      "The request processing has failed due to some unknown error, exception or failure.",
    ),
  serviceUnavailable: () =>
    new ApiError(
      503,
      "ServiceUnavailable",
      "The request has failed due to a temporary failure of the server.",
    ),
  jobForbidPolicy: () =>
    new ApiError(400, "JobForbidPolicy", "You cannot execute new jobs because ongoing jobs exist."),
  jobSuspend: () => new ApiError(400, "JobSuspend", "The job is suspended."),
};
