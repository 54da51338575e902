/**
 * Re-checks the symbolic links under a folder against that folder. An archive's links
 * are checked against the folder it unpacks into; when only a part of it is kept (the
 * single top folder of `tool-1.2.0/…`), a link that climbed out of that part to a
 * sibling was inside the archive yet points outside the plugin once the part is moved.
 */
import { readdirSync, readlinkSync } from "node:fs";
import { joinPath } from "../platform/paths.ts";
import { checkLinkTarget } from "./safe-entry-path.ts";

/** Throws an ArchiveError for the first link under `root` whose target leaves it. */
export function checkLinksStayInside(root: string, relative = ""): void {
  for (const entry of readdirSync(joinPath(root, relative), { withFileTypes: true })) {
    const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
    // Folders are real ones (EntryWriter never writes through a link), so walking them follows no link.
    if (entry.isDirectory()) checkLinksStayInside(root, path);
    else if (entry.isSymbolicLink()) checkLinkTarget(path, readlinkSync(joinPath(root, path)));
  }
}
