// Namespaces and their network. The emulator has no namespace API: the region's default namespace
// (its ID is the region ID) and every well-formed `<region>:<name>` in the emulator's region exist
// implicitly, each bound to a made-up VPC and vSwitch derived from its ID.

import { createHash } from "node:crypto";
import { ApiError } from "./apiError";

function namespaceNotFound(namespaceId: string): ApiError {
  return new ApiError(
    404,
    "InvalidNamespaceId.NotFound",
    `The specified NamespaceId does not exist: ${namespaceId}`,
  );
}

/** The namespace a CreateJob lands in; throws the documented error when it does not exist. */
export function resolveNamespace(requested: string | undefined, regionId: string): string {
  if (requested === undefined || requested === "") {
    return regionId;
  }
  if (/[A-Z]/.test(requested)) {
    throw new ApiError(
      400,
      "InvalidNamespace.WithUppercase",
      "This namespace does not support creating SAE apps because it contains uppercase letters.",
    );
  }
  if (requested === regionId) {
    return requested;
  }
  const colon = requested.indexOf(":");
  if (colon < 0 || requested.slice(0, colon) !== regionId) {
    throw namespaceNotFound(requested);
  }
  // The docs: lowercase letters and hyphens, starting with a letter. Digits are allowed too,
  // as region IDs such as ap-southeast-1 already contain them.
  if (!/^[a-z][a-z0-9-]*$/.test(requested.slice(colon + 1))) {
    throw namespaceNotFound(requested);
  }
  return requested;
}

function fakeSuffix(namespaceId: string): string {
  return createHash("sha256").update(namespaceId).digest("hex").slice(0, 17);
}

/** The VPC a namespace is bound to: deterministic, obviously fake. */
export function namespaceVpcId(namespaceId: string): string {
  return `vpc-emu${fakeSuffix(namespaceId)}`;
}

/** The vSwitch a namespace is bound to: deterministic, obviously fake. */
export function namespaceVSwitchId(namespaceId: string): string {
  return `vsw-emu${fakeSuffix(namespaceId)}`;
}

/** Check a VpcId or VSwitchId given on CreateJob: any well-formed ID is taken to exist. */
export function checkNetworkIds(vpcId: string | undefined, vSwitchId: string | undefined): void {
  if (vpcId !== undefined && !/^vpc-[a-z0-9]+$/.test(vpcId)) {
    throw new ApiError(404, "InvalidVpcId.NotFound", `The specified VpcId does not exist: ${vpcId}`);
  }
  if (vSwitchId !== undefined && !/^vsw-[a-z0-9]+$/.test(vSwitchId)) {
    throw new ApiError(400, "vswitch.not.exist", `The specified VSwitch does not exist: ${vSwitchId}`);
  }
}
