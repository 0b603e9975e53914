/**
 * The provider's own durations: the product's schedule, the scaled one tests run on against the
 * emulator, and who gets which (`SAE_TIME_SCALE`, for a loopback endpoint only).
 */
import { SaeConfigError } from "../../provider/api/errors";
import { productTiming, scaledTiming, secondsText, timingFor } from "../../provider/api/timing";
import { ProviderContext } from "../../provider/resources/context";

describe("scaledTiming", () => {
  it("multiplies every deliberate wait, keeps the shares and the wait for an answer", () => {
    const fast = scaledTiming(0.05);
    expect(fast).toEqual({
      scale: 0.05,
      attemptTimeoutMs: 30_000,
      minAttemptTimeoutMs: 1000,
      baseDelayMs: 25,
      maxDelayMs: 750,
      pace: { minGapMs: 50, gapShare: 0.1, firstLatencyMs: 12.5, timerSlackMs: 2.5 },
      throttlePace: { windowMs: 50, minGapMs: 100, calmMs: 250 },
      createGraceMs: 500,
      createGraceDelaysMs: [12.5, 25, 50, 100],
      listingLagGraceMs: 500,
      historyBudgetMs: 500,
    });
    expect(scaledTiming(1)).toEqual(productTiming);
  });

  it.each([0, -0.5, 1.5, NaN])("refuses the scale %s", (scale) => {
    expect(() => scaledTiming(scale)).toThrow(RangeError);
  });
});

describe("timingFor", () => {
  it("is the product's schedule unless SAE_TIME_SCALE is set", () => {
    expect(timingFor({}, true)).toBe(productTiming);
    expect(timingFor({ SAE_TIME_SCALE: " " }, true)).toBe(productTiming);
  });

  it("scales it for a loopback endpoint only: real SAE always sees the product's pace", () => {
    expect(timingFor({ SAE_TIME_SCALE: "0.05" }, true)).toEqual(scaledTiming(0.05));
    expect(timingFor({ SAE_TIME_SCALE: "0.05" }, false)).toBe(productTiming);
  });

  it.each(["0", "2", "fast", "-1"])("refuses SAE_TIME_SCALE=%s, naming the variable and the rule", (text) => {
    const error = (() => {
      try {
        timingFor({ SAE_TIME_SCALE: text }, true);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SaeConfigError);
    expect((error as Error).message).toBe(
      `environment SAE_TIME_SCALE is "${text}": it must be a number greater than 0 and at most 1 ` +
        "(the factor applied to the provider's own waits, for tests against the local emulator).",
    );
  });

  it("reaches the clients the provider builds, by their endpoint", () => {
    const env = { SAE_TIME_SCALE: "0.05", ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
    const context = new ProviderContext(env, () => {});
    const config = (endpoint: string) => ({
      get: (key: string) =>
        ({
          "sae:endpoint": endpoint,
          "sae:region": "cn-hangzhou",
          "sae:accessKeyId": "id",
          "sae:accessKeySecret": "secret",
        })[key],
    });
    context.configure(config("http://127.0.0.1:9"));
    expect(context.saeClient().timing).toEqual(scaledTiming(0.05));
    context.configure(config("https://sae.cn-hangzhou.aliyuncs.com"));
    expect(context.saeClient().timing).toBe(productTiming);
  });
});

describe("secondsText", () => {
  it.each([
    [10_000, "10s"],
    [1499, "1s"],
    [950, "1s"],
    [500, "0.5s"],
    [25, "0.03s"],
    [0, "0s"],
  ])("says %s ms as %s", (ms, text) => {
    expect(secondsText(ms)).toBe(text);
  });
});

describe("SAE_ATTEMPT_TIMEOUT_MS", () => {
  it("sets the attempt timeout for a loopback endpoint only, with or without a time scale", () => {
    expect(timingFor({ SAE_ATTEMPT_TIMEOUT_MS: "1500" }, true)).toMatchObject({
      scale: 1,
      attemptTimeoutMs: 1500,
      minAttemptTimeoutMs: 1000,
    });
    expect(timingFor({ SAE_ATTEMPT_TIMEOUT_MS: "500", SAE_TIME_SCALE: "0.05" }, true)).toEqual({
      ...scaledTiming(0.05),
      attemptTimeoutMs: 500,
      minAttemptTimeoutMs: 500,
    });
    expect(timingFor({ SAE_ATTEMPT_TIMEOUT_MS: "1500" }, false)).toBe(productTiming);
  });

  it.each(["99", "1.5", "soon"])(
    "refuses SAE_ATTEMPT_TIMEOUT_MS=%s, naming the variable and the rule",
    (text) => {
      expect(() => timingFor({ SAE_ATTEMPT_TIMEOUT_MS: text }, false)).toThrow(
        `environment SAE_ATTEMPT_TIMEOUT_MS is "${text}": it must be a whole number of milliseconds, at least 100`,
      );
    },
  );
});
