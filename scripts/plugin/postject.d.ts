/** The part of postject's API (it ships no types) that `./executable` uses. */
declare module "postject" {
  /** Options of {@link inject}. */
  export interface InjectOptions {
    /** The fuse string the binary carries, flipped to `:1` once the resource is in. */
    sentinelFuse?: string;
    /** The Mach-O segment the resource goes into (Node.js looks in `NODE_SEA`). */
    machoSegmentName?: string;
    overwrite?: boolean;
  }

  /** Injects `resourceData` into the executable at `filename` (ELF, PE or Mach-O), in place. */
  export function inject(
    filename: string,
    resourceName: string,
    resourceData: Buffer,
    options?: InjectOptions,
  ): Promise<void>;
}
