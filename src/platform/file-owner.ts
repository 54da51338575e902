/**
 * Whether anyone but the current user could have written a file: its owner, and who may
 * write to it. A file that decides what runs on this machine — a project's plugin list,
 * found in a parent folder that may be shared — must be the user's own, as git's
 * safe.directory asks of a repository.
 *
 * Group-writable is common where each user has a group of their own (umask 002, as on
 * Debian and Ubuntu): there the group is the user alone, and the file is still theirs.
 * As OpenSSH's StrictModes does on Debian, a group-writable file passes when its group
 * has exactly one member, its owner — as a primary group in the passwd file, or as the
 * only listed member. A group that cannot be looked up in /etc (NSS, LDAP) is not
 * taken as private.
 */
import { readFileSync, type Stats } from "node:fs";

/** Who runs k3dx; undefined where files have no Unix owners (Windows). */
export function currentUser(env: Record<string, string | undefined>): { uid: number; sudoUid?: number } | undefined {
  if (typeof process.getuid !== "function") return undefined;
  const uid = process.getuid();
  // Like git: root running through sudo may read the files of the user who ran sudo.
  const sudoUid = uid === 0 && env.SUDO_UID !== undefined && /^\d+$/.test(env.SUDO_UID) ? Number(env.SUDO_UID) : undefined;
  return { uid, sudoUid };
}

/**
 * Why someone else could have written the file at `stat`, in words
 * (`it is owned by nobody (uid 65534), not by you (uid 1000)`), or undefined when only
 * the user can.
 */
export function writableByOthers(stat: Stats, user: { uid: number; sudoUid?: number }, accounts: Accounts = systemAccounts()): string | undefined {
  if (stat.uid !== user.uid && stat.uid !== user.sudoUid) {
    return `it is owned by ${accountName(accounts, stat.uid)}, not by you (uid ${user.uid})`;
  }
  const mode = `mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")}`;
  if (stat.mode & 0o002) return `anyone can write to it (${mode})`;
  if (stat.mode & 0o020 && !groupIsOwnerAlone(accounts, stat.gid, stat.uid)) {
    return `its group ${accountGroupName(accounts, stat.gid)} can write to it (${mode}), and that group is not you alone`;
  }
  return undefined;
}

/** The passwd and group files' text (`name:x:uid:gid:…`, `name:x:gid:member,member`). */
export interface Accounts {
  passwd: string;
  group: string;
}

function systemAccounts(): Accounts {
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return "";
    }
  };
  return { passwd: read("/etc/passwd"), group: read("/etc/group") };
}

function rows(text: string): string[][] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => line.split(":"));
}

/** The group has exactly one member, the file's owner (Debian's OpenSSH rule). */
export function groupIsOwnerAlone(accounts: Accounts, gid: number, ownerUid: number): boolean {
  const group = rows(accounts.group).find((row) => Number(row[2]) === gid);
  if (!group) return false;
  let members = 0;
  for (const user of rows(accounts.passwd)) {
    if (Number(user[3]) !== gid) continue;
    if (Number(user[2]) !== ownerUid) return false;
    members += 1;
  }
  const listed = (group[3] ?? "").split(",").filter(Boolean);
  if (listed.length > 0) {
    const owner = rows(accounts.passwd).find((row) => Number(row[2]) === ownerUid)?.[0];
    if (listed.length > 1 || listed[0] !== owner) return false;
    members += 1;
  }
  return members > 0;
}

function accountName(accounts: Accounts, uid: number): string {
  const name = rows(accounts.passwd).find((row) => Number(row[2]) === uid)?.[0];
  return name ? `${name} (uid ${uid})` : `uid ${uid}`;
}

function accountGroupName(accounts: Accounts, gid: number): string {
  const name = rows(accounts.group).find((row) => Number(row[2]) === gid)?.[0];
  return name ? `${name} (gid ${gid})` : `gid ${gid}`;
}
