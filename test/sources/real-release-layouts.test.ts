/**
 * Asset choice against release layouts that exist, for every platform k3dx is released
 * for. The layouts come from two places:
 *   - krew-index (kubernetes-sigs/krew-index, plugins/*.yaml): each manifest names the
 *     asset its author meant for each os/arch, so it is a pick checked against the author's
 *     own; the 551 differently shaped layouts in its history were all run through the
 *     selection while writing this, and the telling ones are here;
 *   - release tools and well-known projects (goreleaser, cargo-dist, Rust target triples,
 *     k3d's and k3dx's own releases), with their checksum and package files.
 * A pick is the asset's name; NONE is a refusal (install stops with the assets listed);
 * rosetta(name) is the darwin/amd64 build chosen on Apple silicon, with a note.
 * Where krew's author mapped linux/arm64 to an amd64 build (kube-score, open-svc), k3dx
 * refuses on purpose: Linux has no emulation to count on.
 */
import { describe, expect, test } from "bun:test";
import { RELEASE_PLATFORMS } from "../../src/sources/release-platforms.ts";
import { chooseReleaseAsset } from "../../src/sources/select-asset.ts";

type PlatformId = (typeof RELEASE_PLATFORMS)[number]["id"];
type Pick = string | { rosetta: string };

/** No asset name looks like this. */
const NONE = "(refused)";
const rosetta = (name: string) => ({ rosetta: name });

interface Layout {
  source: string;
  assets: string[];
  picks: Record<PlatformId, Pick>;
}

/** The same pick on both C libraries of a Linux arch. */
const linux = (amd64: Pick, arm64: Pick) => ({ "linux-amd64": amd64, "linux-amd64-musl": amd64, "linux-arm64": arm64, "linux-arm64-musl": arm64 });

const LAYOUTS: Layout[] = [
  {
    source: "krew-index stern v1.26.0 (goreleaser, tar.gz everywhere)",
    assets: ["stern_1.26.0_darwin_amd64.tar.gz", "stern_1.26.0_darwin_arm64.tar.gz", "stern_1.26.0_linux_amd64.tar.gz", "stern_1.26.0_linux_arm64.tar.gz", "stern_1.26.0_windows_amd64.tar.gz", "stern_1.26.0_windows_arm64.tar.gz"],
    picks: { "darwin-amd64": "stern_1.26.0_darwin_amd64.tar.gz", "darwin-arm64": "stern_1.26.0_darwin_arm64.tar.gz", ...linux("stern_1.26.0_linux_amd64.tar.gz", "stern_1.26.0_linux_arm64.tar.gz"), "windows-amd64": "stern_1.26.0_windows_amd64.tar.gz" },
  },
  {
    source: "krew-index gs v2.56.0 (dashes, version in the name, zip for Windows)",
    assets: ["kubectl-gs-v2.56.0-darwin-amd64.tar.gz", "kubectl-gs-v2.56.0-darwin-arm64.tar.gz", "kubectl-gs-v2.56.0-linux-amd64.tar.gz", "kubectl-gs-v2.56.0-linux-arm64.tar.gz", "kubectl-gs-v2.56.0-windows-amd64.zip"],
    picks: { "darwin-amd64": "kubectl-gs-v2.56.0-darwin-amd64.tar.gz", "darwin-arm64": "kubectl-gs-v2.56.0-darwin-arm64.tar.gz", ...linux("kubectl-gs-v2.56.0-linux-amd64.tar.gz", "kubectl-gs-v2.56.0-linux-arm64.tar.gz"), "windows-amd64": "kubectl-gs-v2.56.0-windows-amd64.zip" },
  },
  {
    source: "krew-index oidc-login v1.32.3 (zip everywhere; linux_arm is 32-bit, never arm64)",
    assets: ["kubelogin_linux_amd64.zip", "kubelogin_linux_arm64.zip", "kubelogin_linux_arm.zip", "kubelogin_darwin_amd64.zip", "kubelogin_darwin_arm64.zip", "kubelogin_windows_amd64.zip", "kubelogin_windows_arm64.zip"],
    picks: { "darwin-amd64": "kubelogin_darwin_amd64.zip", "darwin-arm64": "kubelogin_darwin_arm64.zip", ...linux("kubelogin_linux_amd64.zip", "kubelogin_linux_arm64.zip"), "windows-amd64": "kubelogin_windows_amd64.zip" },
  },
  {
    source: "krew-index preflight v0.129.2 (goreleaser universal macOS build: darwin_all)",
    assets: ["preflight_linux_amd64.tar.gz", "preflight_linux_arm64.tar.gz", "preflight_linux_arm.tar.gz", "preflight_darwin_all.tar.gz"],
    picks: { "darwin-amd64": "preflight_darwin_all.tar.gz", "darwin-arm64": "preflight_darwin_all.tar.gz", ...linux("preflight_linux_amd64.tar.gz", "preflight_linux_arm64.tar.gz"), "windows-amd64": NONE },
  },
  {
    source: "krew-index preflight v0.9.13 (the version twice, once after the arch)",
    assets: ["preflight_0.9.13_linux_amd64-0.9.13.tar.gz", "preflight_0.9.13_darwin_amd64-0.9.13.tar.gz", "preflight_0.9.13_windows_amd64-0.9.13.zip"],
    picks: { "darwin-amd64": "preflight_0.9.13_darwin_amd64-0.9.13.tar.gz", "darwin-arm64": rosetta("preflight_0.9.13_darwin_amd64-0.9.13.tar.gz"), ...linux("preflight_0.9.13_linux_amd64-0.9.13.tar.gz", NONE), "windows-amd64": "preflight_0.9.13_windows_amd64-0.9.13.zip" },
  },
  {
    source: "krew-index cnpg v1.28.1 (x86_64, Windows as tar.gz)",
    assets: ["kubectl-cnpg_1.28.1_windows_x86_64.tar.gz", "kubectl-cnpg_1.28.1_windows_arm64.tar.gz", "kubectl-cnpg_1.28.1_linux_x86_64.tar.gz", "kubectl-cnpg_1.28.1_linux_arm64.tar.gz", "kubectl-cnpg_1.28.1_darwin_x86_64.tar.gz", "kubectl-cnpg_1.28.1_darwin_arm64.tar.gz"],
    picks: { "darwin-amd64": "kubectl-cnpg_1.28.1_darwin_x86_64.tar.gz", "darwin-arm64": "kubectl-cnpg_1.28.1_darwin_arm64.tar.gz", ...linux("kubectl-cnpg_1.28.1_linux_x86_64.tar.gz", "kubectl-cnpg_1.28.1_linux_arm64.tar.gz"), "windows-amd64": "kubectl-cnpg_1.28.1_windows_x86_64.tar.gz" },
  },
  {
    source: "krew-index resource-capacity v0.6.1 (Darwin/Linux capitalised, amd64 only)",
    assets: ["kube-capacity_0.6.1_Darwin_x86_64.tar.gz", "kube-capacity_0.6.1_Linux_x86_64.tar.gz"],
    picks: { "darwin-amd64": "kube-capacity_0.6.1_Darwin_x86_64.tar.gz", "darwin-arm64": rosetta("kube-capacity_0.6.1_Darwin_x86_64.tar.gz"), ...linux("kube-capacity_0.6.1_Linux_x86_64.tar.gz", NONE), "windows-amd64": NONE },
  },
  {
    source: "krew-index score v1.8.1 (kube-score: darwin and linux amd64 only; krew maps arm64 to them)",
    assets: ["kube-score_1.8.1_darwin_amd64.tar.gz", "kube-score_1.8.1_linux_amd64.tar.gz"],
    picks: { "darwin-amd64": "kube-score_1.8.1_darwin_amd64.tar.gz", "darwin-arm64": rosetta("kube-score_1.8.1_darwin_amd64.tar.gz"), ...linux("kube-score_1.8.1_linux_amd64.tar.gz", NONE), "windows-amd64": NONE },
  },
  {
    source: "krew-index open-svc v2.1.0 (underscore in the name, dashes around the platform)",
    assets: ["kubectl-open_svc-darwin-amd64.zip", "kubectl-open_svc-linux-amd64.zip"],
    picks: { "darwin-amd64": "kubectl-open_svc-darwin-amd64.zip", "darwin-arm64": rosetta("kubectl-open_svc-darwin-amd64.zip"), ...linux("kubectl-open_svc-linux-amd64.zip", NONE), "windows-amd64": NONE },
  },
  {
    source: "krew-index browse-pvc v1.4.1 (Apple silicon named `darwin-arm`; `linux-arm` stays 32-bit)",
    assets: ["kubectl-browse-pvc-darwin-arm.zip", "kubectl-browse-pvc-darwin-x86_64.zip", "kubectl-browse-pvc-linux-x86_64.zip", "kubectl-browse-pvc-linux-arm.zip"],
    picks: { "darwin-amd64": "kubectl-browse-pvc-darwin-x86_64.zip", "darwin-arm64": "kubectl-browse-pvc-darwin-arm.zip", ...linux("kubectl-browse-pvc-linux-x86_64.zip", NONE), "windows-amd64": NONE },
  },
  {
    source: "krew-index browse-pvc v1.0.4 (the OS alone, no arch)",
    assets: ["kubectl-browse-pvc-darwin.zip", "kubectl-browse-pvc-linux.zip"],
    picks: { "darwin-amd64": "kubectl-browse-pvc-darwin.zip", "darwin-arm64": "kubectl-browse-pvc-darwin.zip", ...linux("kubectl-browse-pvc-linux.zip", "kubectl-browse-pvc-linux.zip"), "windows-amd64": NONE },
  },
  {
    source: "krew-index mayastor v2.7.1 (Rust triples: musl-only Linux builds, MinGW Windows build)",
    assets: ["kubectl-mayastor-x86_64-apple-darwin.tar.gz", "kubectl-mayastor-aarch64-apple-darwin.tar.gz", "kubectl-mayastor-x86_64-linux-musl.tar.gz", "kubectl-mayastor-aarch64-linux-musl.tar.gz", "kubectl-mayastor-x86_64-windows-gnu.tar.gz"],
    picks: { "darwin-amd64": "kubectl-mayastor-x86_64-apple-darwin.tar.gz", "darwin-arm64": "kubectl-mayastor-aarch64-apple-darwin.tar.gz", ...linux("kubectl-mayastor-x86_64-linux-musl.tar.gz", "kubectl-mayastor-aarch64-linux-musl.tar.gz"), "windows-amd64": "kubectl-mayastor-x86_64-windows-gnu.tar.gz" },
  },
  {
    source: "krew-index kimspect v0.0.44 (cargo-dist triples, no Linux arm64)",
    assets: ["kimspect-x86_64-unknown-linux-musl.tar.gz", "kimspect-x86_64-apple-darwin.tar.gz", "kimspect-aarch64-apple-darwin.tar.gz", "kimspect-x86_64-pc-windows-msvc.zip"],
    picks: { "darwin-amd64": "kimspect-x86_64-apple-darwin.tar.gz", "darwin-arm64": "kimspect-aarch64-apple-darwin.tar.gz", ...linux("kimspect-x86_64-unknown-linux-musl.tar.gz", NONE), "windows-amd64": "kimspect-x86_64-pc-windows-msvc.zip" },
  },
  {
    source: "krew-index minio v5.0.7 (goreleaser's amd64 micro-architecture suffix _v1)",
    assets: ["kubectl-minio_darwin_amd64_v1.zip", "kubectl-minio_darwin_arm64.zip", "kubectl-minio_linux_amd64_v1.zip", "kubectl-minio_linux_arm64.zip", "kubectl-minio_windows_amd64_v1.zip"],
    picks: { "darwin-amd64": "kubectl-minio_darwin_amd64_v1.zip", "darwin-arm64": "kubectl-minio_darwin_arm64.zip", ...linux("kubectl-minio_linux_amd64_v1.zip", "kubectl-minio_linux_arm64.zip"), "windows-amd64": "kubectl-minio_windows_amd64_v1.zip" },
  },
  {
    source: "krew-index kubesec-scan v1.1.0 (386, armv7 and Windows arm64 beside the builds that count)",
    assets: ["kubectl-kubesec_darwin_amd64.tar.gz", "kubectl-kubesec_darwin_arm64.tar.gz", "kubectl-kubesec_linux_386.tar.gz", "kubectl-kubesec_linux_amd64.tar.gz", "kubectl-kubesec_linux_armv7.tar.gz", "kubectl-kubesec_linux_arm64.tar.gz", "kubectl-kubesec_windows_386.tar.gz", "kubectl-kubesec_windows_amd64.tar.gz", "kubectl-kubesec_windows_arm64.tar.gz"],
    picks: { "darwin-amd64": "kubectl-kubesec_darwin_amd64.tar.gz", "darwin-arm64": "kubectl-kubesec_darwin_arm64.tar.gz", ...linux("kubectl-kubesec_linux_amd64.tar.gz", "kubectl-kubesec_linux_arm64.tar.gz"), "windows-amd64": "kubectl-kubesec_windows_amd64.tar.gz" },
  },
  {
    source: "krew-index krew v0.4.4 (dash before the platform, underscore inside it; ppc64le)",
    assets: ["krew-darwin_amd64.tar.gz", "krew-darwin_arm64.tar.gz", "krew-linux_amd64.tar.gz", "krew-linux_arm.tar.gz", "krew-linux_arm64.tar.gz", "krew-linux_ppc64le.tar.gz", "krew-windows_amd64.tar.gz"],
    picks: { "darwin-amd64": "krew-darwin_amd64.tar.gz", "darwin-arm64": "krew-darwin_arm64.tar.gz", ...linux("krew-linux_amd64.tar.gz", "krew-linux_arm64.tar.gz"), "windows-amd64": "krew-windows_amd64.tar.gz" },
  },
  {
    source: "krew-index pv-migrate v0.10.5 (x86_64 and armv7)",
    assets: ["pv-migrate_v0.10.5_linux_x86_64.tar.gz", "pv-migrate_v0.10.5_linux_arm64.tar.gz", "pv-migrate_v0.10.5_linux_armv7.tar.gz", "pv-migrate_v0.10.5_darwin_x86_64.tar.gz", "pv-migrate_v0.10.5_darwin_arm64.tar.gz", "pv-migrate_v0.10.5_windows_x86_64.zip"],
    picks: { "darwin-amd64": "pv-migrate_v0.10.5_darwin_x86_64.tar.gz", "darwin-arm64": "pv-migrate_v0.10.5_darwin_arm64.tar.gz", ...linux("pv-migrate_v0.10.5_linux_x86_64.tar.gz", "pv-migrate_v0.10.5_linux_arm64.tar.gz"), "windows-amd64": "pv-migrate_v0.10.5_windows_x86_64.zip" },
  },
  {
    source: "krew-index whoami v0.0.2 (the platform first, no project name)",
    assets: ["darwin-amd64-v0.0.2.tar.gz", "linux-amd64-v0.0.2.tar.gz"],
    picks: { "darwin-amd64": "darwin-amd64-v0.0.2.tar.gz", "darwin-arm64": rosetta("darwin-amd64-v0.0.2.tar.gz"), ...linux("linux-amd64-v0.0.2.tar.gz", NONE), "windows-amd64": NONE },
  },
  {
    source: "krew-index view-secret v0.3.0 (capitalised OS, x86_64, Windows tar.gz)",
    assets: ["kubectl-view-secret_0.3.0_Darwin_x86_64.tar.gz", "kubectl-view-secret_0.3.0_Linux_x86_64.tar.gz", "kubectl-view-secret_0.3.0_Windows_x86_64.tar.gz"],
    picks: { "darwin-amd64": "kubectl-view-secret_0.3.0_Darwin_x86_64.tar.gz", "darwin-arm64": rosetta("kubectl-view-secret_0.3.0_Darwin_x86_64.tar.gz"), ...linux("kubectl-view-secret_0.3.0_Linux_x86_64.tar.gz", NONE), "windows-amd64": "kubectl-view-secret_0.3.0_Windows_x86_64.tar.gz" },
  },
  {
    source: "krew-index view-serviceaccount-kubeconfig v2.3.0 (underscores in the name, Windows arm64)",
    assets: ["kubectl-view_serviceaccount_kubeconfig-windows-arm64.zip", "kubectl-view_serviceaccount_kubeconfig-windows-amd64.zip", "kubectl-view_serviceaccount_kubeconfig-linux-arm64.zip", "kubectl-view_serviceaccount_kubeconfig-linux-amd64.zip", "kubectl-view_serviceaccount_kubeconfig-darwin-arm64.zip", "kubectl-view_serviceaccount_kubeconfig-darwin-amd64.zip"],
    picks: { "darwin-amd64": "kubectl-view_serviceaccount_kubeconfig-darwin-amd64.zip", "darwin-arm64": "kubectl-view_serviceaccount_kubeconfig-darwin-arm64.zip", ...linux("kubectl-view_serviceaccount_kubeconfig-linux-amd64.zip", "kubectl-view_serviceaccount_kubeconfig-linux-arm64.zip"), "windows-amd64": "kubectl-view_serviceaccount_kubeconfig-windows-amd64.zip" },
  },
  {
    source: "krew-index kubescape v2.3.6 (CI runner names: `ubuntu-latest` says no OS k3dx knows, so Linux is refused)",
    assets: ["kubescape-macos-latest.tar.gz", "kubescape-arm64-macos-latest.tar.gz", "kubescape-ubuntu-latest.tar.gz", "kubescape-arm64-ubuntu-latest.tar.gz", "kubescape-windows-latest.tar.gz"],
    picks: { "darwin-amd64": "kubescape-macos-latest.tar.gz", "darwin-arm64": "kubescape-arm64-macos-latest.tar.gz", ...linux(NONE, NONE), "windows-amd64": "kubescape-windows-latest.tar.gz" },
  },
  {
    source: "k3d v5.6.0 (bare binaries, .exe for Windows, checksums.txt)",
    assets: ["k3d-darwin-amd64", "k3d-darwin-arm64", "k3d-linux-386", "k3d-linux-amd64", "k3d-linux-arm", "k3d-linux-arm64", "k3d-windows-amd64.exe", "checksums.txt"],
    picks: { "darwin-amd64": "k3d-darwin-amd64", "darwin-arm64": "k3d-darwin-arm64", ...linux("k3d-linux-amd64", "k3d-linux-arm64"), "windows-amd64": "k3d-windows-amd64.exe" },
  },
  {
    source: "k3dx's own release (SPEC §9: bare and compressed, musl builds, checksums.txt)",
    assets: [
      "k3d-darwin-amd64", "k3d-darwin-amd64.tar.gz", "k3d-darwin-arm64", "k3d-darwin-arm64.tar.gz",
      "k3d-linux-amd64", "k3d-linux-amd64.tar.gz", "k3d-linux-amd64-musl", "k3d-linux-amd64-musl.tar.gz",
      "k3d-linux-arm64", "k3d-linux-arm64.tar.gz", "k3d-linux-arm64-musl", "k3d-linux-arm64-musl.tar.gz",
      "k3d-windows-amd64.exe", "k3d-windows-amd64.zip", "checksums.txt",
    ],
    picks: {
      "darwin-amd64": "k3d-darwin-amd64.tar.gz",
      "darwin-arm64": "k3d-darwin-arm64.tar.gz",
      "linux-amd64": "k3d-linux-amd64.tar.gz",
      "linux-amd64-musl": "k3d-linux-amd64-musl.tar.gz",
      "linux-arm64": "k3d-linux-arm64.tar.gz",
      "linux-arm64-musl": "k3d-linux-arm64-musl.tar.gz",
      "windows-amd64": "k3d-windows-amd64.zip",
    },
  },
  {
    source: "gh v2.40.0 (goreleaser with `macOS`, .deb/.rpm/.msi packages and a project checksums file)",
    assets: [
      "gh_2.40.0_checksums.txt", "gh_2.40.0_linux_386.deb", "gh_2.40.0_linux_386.rpm", "gh_2.40.0_linux_386.tar.gz",
      "gh_2.40.0_linux_amd64.deb", "gh_2.40.0_linux_amd64.rpm", "gh_2.40.0_linux_amd64.tar.gz",
      "gh_2.40.0_linux_arm64.deb", "gh_2.40.0_linux_arm64.rpm", "gh_2.40.0_linux_arm64.tar.gz",
      "gh_2.40.0_linux_armv6.deb", "gh_2.40.0_linux_armv6.rpm", "gh_2.40.0_linux_armv6.tar.gz",
      "gh_2.40.0_macOS_amd64.zip", "gh_2.40.0_macOS_arm64.zip",
      "gh_2.40.0_windows_386.msi", "gh_2.40.0_windows_386.zip", "gh_2.40.0_windows_amd64.msi", "gh_2.40.0_windows_amd64.zip", "gh_2.40.0_windows_arm64.zip",
    ],
    picks: { "darwin-amd64": "gh_2.40.0_macOS_amd64.zip", "darwin-arm64": "gh_2.40.0_macOS_arm64.zip", ...linux("gh_2.40.0_linux_amd64.tar.gz", "gh_2.40.0_linux_arm64.tar.gz"), "windows-amd64": "gh_2.40.0_windows_amd64.zip" },
  },
  {
    source: "k9s v0.32.4 (goreleaser, capitalised OS for archives, lower-case for packages, checksums.sha256)",
    assets: [
      "checksums.sha256", "k9s_Darwin_amd64.tar.gz", "k9s_Darwin_arm64.tar.gz", "k9s_Linux_amd64.tar.gz", "k9s_Linux_arm64.tar.gz", "k9s_Linux_armv7.tar.gz",
      "k9s_Linux_ppc64le.tar.gz", "k9s_Linux_s390x.tar.gz", "k9s_Windows_amd64.zip", "k9s_Windows_arm64.zip",
      "k9s_linux_amd64.apk", "k9s_linux_amd64.deb", "k9s_linux_amd64.rpm", "k9s_linux_arm64.apk", "k9s_linux_arm64.deb", "k9s_linux_arm64.rpm",
    ],
    picks: { "darwin-amd64": "k9s_Darwin_amd64.tar.gz", "darwin-arm64": "k9s_Darwin_arm64.tar.gz", ...linux("k9s_Linux_amd64.tar.gz", "k9s_Linux_arm64.tar.gz"), "windows-amd64": "k9s_Windows_amd64.zip" },
  },
  {
    source: "ripgrep 14.1.0 (Rust triples: musl-only Linux amd64, MSVC and MinGW Windows builds, .sha256 files, a .deb)",
    assets: [
      "ripgrep-14.1.0-aarch64-apple-darwin.tar.gz", "ripgrep-14.1.0-aarch64-apple-darwin.tar.gz.sha256",
      "ripgrep-14.1.0-aarch64-unknown-linux-gnu.tar.gz", "ripgrep-14.1.0-aarch64-unknown-linux-gnu.tar.gz.sha256",
      "ripgrep-14.1.0-armv7-unknown-linux-gnueabihf.tar.gz", "ripgrep-14.1.0-i686-pc-windows-msvc.zip",
      "ripgrep-14.1.0-x86_64-apple-darwin.tar.gz", "ripgrep-14.1.0-x86_64-apple-darwin.tar.gz.sha256",
      "ripgrep-14.1.0-x86_64-pc-windows-gnu.zip", "ripgrep-14.1.0-x86_64-pc-windows-msvc.zip", "ripgrep-14.1.0-x86_64-pc-windows-msvc.zip.sha256",
      "ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz", "ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz.sha256",
      "ripgrep_14.1.0-1_amd64.deb",
    ],
    picks: {
      "darwin-amd64": "ripgrep-14.1.0-x86_64-apple-darwin.tar.gz",
      "darwin-arm64": "ripgrep-14.1.0-aarch64-apple-darwin.tar.gz",
      ...linux("ripgrep-14.1.0-x86_64-unknown-linux-musl.tar.gz", "ripgrep-14.1.0-aarch64-unknown-linux-gnu.tar.gz"),
      "windows-amd64": "ripgrep-14.1.0-x86_64-pc-windows-msvc.zip",
    },
  },
  {
    source: "uv 0.4.0 (cargo-dist: gnu and musl builds, installers, dist-manifest.json, sha256.sum)",
    assets: [
      "dist-manifest.json", "sha256.sum", "uv-installer.ps1", "uv-installer.sh",
      "uv-aarch64-apple-darwin.tar.gz", "uv-aarch64-apple-darwin.tar.gz.sha256",
      "uv-aarch64-unknown-linux-gnu.tar.gz", "uv-aarch64-unknown-linux-musl.tar.gz",
      "uv-i686-pc-windows-msvc.zip", "uv-x86_64-apple-darwin.tar.gz",
      "uv-x86_64-pc-windows-msvc.zip", "uv-x86_64-unknown-linux-gnu.tar.gz", "uv-x86_64-unknown-linux-musl.tar.gz",
    ],
    picks: {
      "darwin-amd64": "uv-x86_64-apple-darwin.tar.gz",
      "darwin-arm64": "uv-aarch64-apple-darwin.tar.gz",
      "linux-amd64": "uv-x86_64-unknown-linux-gnu.tar.gz",
      "linux-amd64-musl": "uv-x86_64-unknown-linux-musl.tar.gz",
      "linux-arm64": "uv-aarch64-unknown-linux-gnu.tar.gz",
      "linux-arm64-musl": "uv-aarch64-unknown-linux-musl.tar.gz",
      "windows-amd64": "uv-x86_64-pc-windows-msvc.zip",
    },
  },
  {
    source: "hugo v0.120.0 (two editions in one release, a universal macOS build, dashes inside the platform)",
    assets: [
      "hugo_0.120.0_checksums.txt", "hugo_0.120.0_darwin-universal.tar.gz", "hugo_0.120.0_linux-amd64.deb", "hugo_0.120.0_linux-amd64.tar.gz",
      "hugo_0.120.0_linux-arm64.deb", "hugo_0.120.0_linux-arm64.tar.gz", "hugo_0.120.0_windows-amd64.zip", "hugo_0.120.0_windows-arm64.zip",
      "hugo_extended_0.120.0_darwin-universal.tar.gz", "hugo_extended_0.120.0_linux-amd64.deb", "hugo_extended_0.120.0_linux-amd64.tar.gz", "hugo_extended_0.120.0_windows-amd64.zip",
    ],
    picks: { "darwin-amd64": "hugo_0.120.0_darwin-universal.tar.gz", "darwin-arm64": "hugo_0.120.0_darwin-universal.tar.gz", ...linux("hugo_0.120.0_linux-amd64.tar.gz", "hugo_0.120.0_linux-arm64.tar.gz"), "windows-amd64": "hugo_0.120.0_windows-amd64.zip" },
  },
  {
    source: "a shell plugin: one platform-free executable and checksums.txt",
    assets: ["k3d-mirror", "checksums.txt"],
    picks: { "darwin-amd64": "k3d-mirror", "darwin-arm64": "k3d-mirror", ...linux("k3d-mirror", "k3d-mirror"), "windows-amd64": "k3d-mirror" },
  },
];

const pickFor = (assets: string[], platform: (typeof RELEASE_PLATFORMS)[number]): Pick => {
  try {
    const choice = chooseReleaseAsset(assets.map((name) => ({ name })), platform);
    return choice.note ? { rosetta: choice.asset.name } : choice.asset.name;
  } catch {
    return NONE;
  }
};

describe("real release layouts, every release platform", () => {
  for (const layout of LAYOUTS) {
    test(layout.source, () => {
      const got = Object.fromEntries(RELEASE_PLATFORMS.map((platform) => [platform.id, pickFor(layout.assets, platform)]));
      expect(got).toEqual(layout.picks);
    });
  }

  test("the Rosetta note says what was chosen, why, and what to do", () => {
    const choice = chooseReleaseAsset([{ name: "kube-score_1.8.1_darwin_amd64.tar.gz" }], { os: "darwin", arch: "arm64" }, "release zegl/kube-score@v1.8.1");
    expect(choice.note).toBe(
      'release zegl/kube-score@v1.8.1 has no build for darwin/arm64: kube-score_1.8.1_darwin_amd64.tar.gz is for darwin/amd64 and runs under Rosetta 2 (if macOS says "bad CPU type", install it with: softwareupdate --install-rosetta)',
    );
    expect(chooseReleaseAsset([{ name: "tool_darwin_arm64.tar.gz" }], { os: "darwin", arch: "arm64" }).note).toBeUndefined();
  });

  test("a native build always wins over `darwin-arm`, a universal build and Rosetta", () => {
    const names = ["t_darwin_amd64.tar.gz", "t_darwin_all.tar.gz", "t_darwin_arm.tar.gz", "t_darwin_arm64.tar.gz"];
    const pick = (list: string[]) => chooseReleaseAsset(list.map((name) => ({ name })), { os: "darwin", arch: "arm64" }).asset.name;
    expect(pick(names)).toBe("t_darwin_arm64.tar.gz");
    expect(pick(names.slice(0, 3))).toBe("t_darwin_arm.tar.gz");
    expect(pick(names.slice(0, 2))).toBe("t_darwin_all.tar.gz");
    expect(pick(names.slice(0, 1))).toBe("t_darwin_amd64.tar.gz");
    // Only `arm` itself: macOS never had armv6/armv7 builds, so such a name is not taken for arm64.
    expect(() => pick(["t_darwin_armv7.tar.gz"])).toThrow("no asset of the release is for darwin/arm64");
  });
});
