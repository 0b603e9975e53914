/**
 * After an UpdateJob whose answer was lost: does the template DescribeJob reports carry the update?
 * Pure, on outputs as the read-back gives them.
 */
import { updateCarried } from "../../provider/resources/jobTemplate/changes";

const before = {
  appName: "nightly",
  packageType: "Image",
  imageUrl: "registry.example/acme/report:1",
  replicas: 1,
  nasId: "nas-1",
  mountHost: "nas-1.example",
};

describe("updateCarried", () => {
  it("is true when every value the update set shows, and false while any does not", () => {
    const wanted = { ...before, replicas: 2, imageUrl: "registry.example/acme/report:2" };
    const sent = { Replicas: 2, ImageUrl: "registry.example/acme/report:2" };
    expect(updateCarried(wanted, wanted, sent)).toBe(true);
    expect(updateCarried(before, wanted, sent)).toBe(false);
    // Half there is not there: SAE applies an UpdateJob whole or not at all.
    expect(updateCarried({ ...before, replicas: 2 }, wanted, sent)).toBe(false);
  });

  it("ignores what the update did not send (a change made elsewhere is not its business)", () => {
    const wanted = { ...before, replicas: 2 };
    expect(updateCarried({ ...wanted, imageUrl: "registry.example/other:9" }, wanted, { Replicas: 2 })).toBe(
      true,
    );
  });

  it("takes an update of only clears as carried once the values are gone", () => {
    const { nasId: _nasId, mountHost: _mountHost, ...wanted } = before;
    const sent = { NasId: "", MountHost: "" };
    expect(updateCarried(before, wanted, sent)).toBe(false);
    expect(updateCarried(wanted, wanted, sent)).toBe(true);
  });

  it("takes the sets as the sign when there are some: a clear SAE kept is reported later, not mistaken for a lost update", () => {
    const { nasId: _nasId, ...cleared } = before;
    const wanted = { ...cleared, replicas: 2 };
    const sent = { Replicas: 2, NasId: "" };
    expect(updateCarried({ ...before, replicas: 2 }, wanted, sent)).toBe(true);
    expect(updateCarried(before, wanted, sent)).toBe(false);
  });

  it("never takes a parameter DescribeJob does not report as carried: the read-back keeps its old value", () => {
    const wanted = { ...before, php: "8.2" };
    // The read-back of a template whose php DescribeJob cannot show keeps the value from before.
    expect(updateCarried(before, wanted, { Php: "8.2" })).toBe(false);
  });
});
