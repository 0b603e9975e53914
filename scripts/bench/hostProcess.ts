/**
 * The dynamic-provider host as an operating-system process: which one it is, and its memory.
 * ProviderHost keeps its child process to itself, so the host is found from what it does expose,
 * its gRPC port: the child of this process that holds the socket listening there. Linux only
 * (/proc); elsewhere the figures are reported as not measurable.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { ProviderHost } from "../../harness";

/** The inode of the IPv4 socket listening on 127.0.0.1:`port` (the host binds nothing else). */
function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    // local_address is "0100007F:1F90"; state 0A is LISTEN; the inode is the tenth field.
    if (fields[1] === `0100007F:${hexPort}` && fields[3] === "0A") {
      return fields[9];
    }
  }
  return undefined;
}

/** PIDs of this process's children. */
function childPids(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces; the parent PID is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid) {
        children.push(Number(entry));
      }
    } catch {
      // Gone since the listing.
    }
  }
  return children;
}

function holdsSocket(pid: number, inode: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** The host's PID, or undefined where /proc cannot tell. */
export function hostPid(host: ProviderHost): number | undefined {
  if (process.platform !== "linux") {
    return undefined;
  }
  const inode = listeningInode(host.port);
  return inode === undefined ? undefined : childPids().find((pid) => holdsSocket(pid, inode));
}

/** Resident set size of `pid` in bytes (VmRSS), or null where it cannot be read. */
export function rssBytes(pid: number | undefined): number | null {
  if (pid === undefined) {
    return null;
  }
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : null;
}
