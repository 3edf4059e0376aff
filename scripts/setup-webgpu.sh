#!/usr/bin/env bash
# Makes sure Dawn (the npm package `webgpu`) has a Vulkan driver to run on.
#
# Does nothing when a usable Vulkan ICD is already installed: a vendor driver
# (for example NVIDIA's), a Mesa hardware driver with a /dev/dri render node,
# or Mesa's lavapipe CPU driver from Mesa >= 24. Otherwise, as root on
# Debian or Ubuntu, installs libvulkan1 and mesa-vulkan-drivers. On Debian
# bookworm, mesa-vulkan-drivers (and the libdrm it needs) comes from
# bookworm-backports, because Dawn rejects the adapter of bookworm's Mesa 22
# lavapipe. The script changes nothing while a usable driver is present, so
# a GPU's driver stays as it is.
#
# Prints one line. Exits 0 whenever it cannot install (not root, no apt,
# another distribution, no network) so that the tests can skip the WebGPU
# backend with a message. With --check it installs nothing and exits 1 when
# no usable driver is present.
#
# Environment: MIN_LAVAPIPE_MESA (default 24) is the oldest Mesa major
# version whose lavapipe counts as usable.
set -euo pipefail
# With pipefail, a reader that exits early (grep -q, head) can fail a pipeline
# through SIGPIPE, so pipelines below read their whole input.

# NOTE: Dawn was seen to reject Mesa 22's lavapipe and accept Mesa 25's.
# Mesa 23 and 24 were not tried, so the default bound of 24 is an assumption.
readonly MIN_LAVAPIPE_MESA="${MIN_LAVAPIPE_MESA:-24}"
readonly PREFIX="setup-webgpu:"

check_only=false
case "${1:-}" in
  "") ;;
  --check) check_only=true ;;
  -h | --help)
    sed -n '2,19s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
  *)
    echo "$PREFIX unknown argument '$1': expected --check, --help or no argument" >&2
    exit 2
    ;;
esac

if ! [[ "$MIN_LAVAPIPE_MESA" =~ ^[0-9]+$ ]]; then
  echo "$PREFIX invalid MIN_LAVAPIPE_MESA '$MIN_LAVAPIPE_MESA': expected a Mesa major version such as 24" >&2
  exit 2
fi

ldconfig_bin() {
  command -v ldconfig || { [ -x /sbin/ldconfig ] && echo /sbin/ldconfig; } || true
}

# Prints the path of the shared library NAME as the dynamic linker finds it
# (its cache first, then the default folders). Fails when it is not found.
find_shared_library() {
  local name="$1" ldconfig path dir
  ldconfig="$(ldconfig_bin)"
  if [ -n "$ldconfig" ]; then
    path="$("$ldconfig" -p 2>/dev/null | sed -n "s/^[[:space:]]*${name//./\\.} .*=> //p" | awk 'NR == 1')"
    if [ -n "$path" ] && [ -e "$path" ]; then
      echo "$path"
      return 0
    fi
  fi
  for dir in /lib /usr/lib /lib64 /usr/lib64 /usr/local/lib /usr/lib/*-linux-gnu /lib/*-linux-gnu; do
    if [ -e "$dir/$name" ]; then
      echo "$dir/$name"
      return 0
    fi
  done
  return 1
}

has_shared_library() {
  find_shared_library "$1" >/dev/null
}

# Prints the ICD manifest files the Vulkan loader would read, one per line.
# Follows the loader's search order: VK_DRIVER_FILES (or the older
# VK_ICD_FILENAMES) replaces the default folders when set.
list_icd_manifests() {
  local override="${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-}}"
  local -a places=()
  if [ -n "$override" ]; then
    IFS=: read -r -a places <<<"$override"
  else
    local dir
    IFS=: read -r -a config_dirs <<<"${XDG_CONFIG_DIRS:-/etc/xdg}"
    IFS=: read -r -a data_dirs <<<"${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    for dir in "${config_dirs[@]}"; do places+=("$dir/vulkan/icd.d"); done
    places+=(/etc/vulkan/icd.d "${XDG_DATA_HOME:-${HOME:-/root}/.local/share}/vulkan/icd.d")
    for dir in "${data_dirs[@]}"; do places+=("$dir/vulkan/icd.d"); done
  fi
  if [ -n "${VK_ADD_DRIVER_FILES:-}" ]; then
    local -a extra=()
    IFS=: read -r -a extra <<<"$VK_ADD_DRIVER_FILES"
    places+=("${extra[@]}")
  fi

  local place file
  for place in "${places[@]}"; do
    [ -n "$place" ] || continue
    if [ -d "$place" ]; then
      for file in "$place"/*.json; do
        [ -f "$file" ] && echo "$file"
      done
    elif [ -f "$place" ]; then
      echo "$place"
    fi
  done
}

# Prints the library_path of an ICD manifest, resolved to a file when it is
# a path, or the bare library name when the loader finds it by name.
icd_library() {
  local manifest="$1" path
  path="$(sed -n 's/.*"library_path"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest" | awk 'NR == 1')"
  case "$path" in
    "") return 1 ;;
    /*) echo "$path" ;;
    */*) echo "$(dirname "$manifest")/$path" ;;
    *) echo "$path" ;;
  esac
}

icd_library_exists() {
  local library="$1"
  case "$library" in
    */*) [ -e "$library" ] ;;
    *) has_shared_library "$library" ;;
  esac
}

# Prints the Mesa version (for example 25.0.7) compiled into a Mesa driver
# library, or nothing when the library is not found or has no version string.
mesa_version_of() {
  local library="$1"
  if [[ "$library" != */* ]]; then
    library="$(find_shared_library "$library")" || return 0
  fi
  [ -f "$library" ] || return 0
  # Mesa builds its driverInfo string as "Mesa <version>" at compile time.
  LC_ALL=C grep -aoE -m 1 'Mesa [0-9]+\.[0-9]+(\.[0-9]+)?' "$library" | awk 'NR == 1' | cut -d' ' -f2 || true
}

has_render_node() {
  compgen -G '/dev/dri/renderD*' >/dev/null
}

# Sets USABLE_DRIVER to a short description of the first usable ICD, or
# MISSING_REASON to why none is usable and returns 1.
USABLE_DRIVER=""
MISSING_REASON=""
find_usable_driver() {
  USABLE_DRIVER=""
  MISSING_REASON="no Vulkan loader (libvulkan.so.1)"
  has_shared_library libvulkan.so.1 || return 1
  MISSING_REASON="no usable Vulkan driver"

  local manifest library name version
  while IFS= read -r manifest; do
    library="$(icd_library "$manifest")" || continue
    icd_library_exists "$library" || continue
    name="$(basename "$library")"
    case "$name" in
      libvulkan_lvp.so*)
        version="$(mesa_version_of "$library")"
        MISSING_REASON="lavapipe from Mesa ${version:-unknown} is too old (Dawn needs Mesa >= $MIN_LAVAPIPE_MESA)"
        if [ -n "$version" ] && [ "${version%%.*}" -ge "$MIN_LAVAPIPE_MESA" ]; then
          USABLE_DRIVER="lavapipe (Mesa $version, CPU)"
          return 0
        fi
        ;;
      libvulkan_*.so*)
        # Other Mesa drivers (radeon, intel, nouveau, ...) need a GPU.
        if has_render_node; then
          USABLE_DRIVER="Mesa driver $name"
          return 0
        fi
        ;;
      *)
        USABLE_DRIVER="vendor driver $name ($(basename "$manifest"))"
        return 0
        ;;
    esac
  done < <(list_icd_manifests)
  return 1
}

# Prints the URIs of the apt source that serves SUITE, read from the
# machine's deb822 .sources files or one-line .list files.
mirror_for_suite() {
  local suite="$1" file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk -v suite="$suite" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uris != "" && enabled != "no") {
          print uris; found = 1; exit
        }
        types = ""; suites = ""; uris = ""; enabled = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      tolower($1) == "types:"   { sub(/^[^:]*:[[:space:]]*/, ""); types = $0 }
      tolower($1) == "suites:"  { sub(/^[^:]*:[[:space:]]*/, ""); suites = $0 }
      tolower($1) == "uris:"    { sub(/^[^:]*:[[:space:]]*/, ""); uris = $0 }
      tolower($1) == "enabled:" { sub(/^[^:]*:[[:space:]]*/, ""); enabled = tolower($0) }
      END { if (!found) flush() }
    ' "$file" | awk 'NR == 1' | grep . && return 0
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    # deb [options] URI SUITE COMPONENT...
    awk -v suite="$suite" '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) == suite) { print $i; exit }
      }
    ' "$file" | awk 'NR == 1' | grep . && return 0
  done
  return 1
}

suite_is_configured() {
  local suite="$1"
  local -a files=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
  grep -qsE "^[[:space:]]*(Suites:.*[[:space:]]|deb[[:space:]].*[[:space:]])${suite}([[:space:]]|$)" "${files[@]}"
}

# Succeeds when apt's package lists offer PACKAGE from SUITE.
apt_offers() {
  local package="$1" suite="$2"
  apt-cache madison "$package" 2>/dev/null | grep "[[:space:]/]${suite}[/[:space:]]" >/dev/null
}

installed_version() {
  dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"
}

skip() {
  echo "$PREFIX $*; WebGPU tests will be skipped"
  exit 0
}

main() {
  if find_usable_driver; then
    echo "$PREFIX Vulkan driver present: $USABLE_DRIVER; nothing to do"
    exit 0
  fi

  local reason="$MISSING_REASON"

  if $check_only; then
    echo "$PREFIX $reason"
    exit 1
  fi

  [ "$(id -u)" -eq 0 ] || skip "$reason, and installing one needs root (run: sudo $0)"
  [ -x "$(command -v apt-get)" ] || skip "$reason, and this machine has no apt-get to install one"

  local os_id="" os_like="" codename=""
  if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    os_id="$(. /etc/os-release && echo "${ID:-}")"
    os_like="$(. /etc/os-release && echo "${ID_LIKE:-}")"
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  fi
  case " $os_id $os_like " in
    *" debian "* | *" ubuntu "*) ;;
    *) skip "$reason, and this script installs one only on Debian or Ubuntu (found '${os_id:-unknown}')" ;;
  esac

  local log
  log="$(mktemp -t setup-webgpu.XXXXXX.log)"
  local -a apt_get=(apt-get -q -o DPkg::Lock::Timeout=120)
  export DEBIAN_FRONTEND=noninteractive
  local updated=false
  # apt-get update exits 0 when a list fails to download, so callers check
  # the lists afterwards and fetch_failure_note adds the cause to the message.
  apt_update() {
    updated=true
    "${apt_get[@]}" update >>"$log" 2>&1 || skip "$reason, and apt-get update failed (log: $log)"
  }
  fetch_failure_note() {
    if grep -q '^W: Failed to fetch' "$log"; then echo "apt-get update could not download package lists, so "; fi
  }

  local mesa_target="mesa-vulkan-drivers" source_note=""
  if [ "$codename" = bookworm ]; then
    local backports=bookworm-backports
    if ! suite_is_configured "$backports"; then
      local mirror
      # Sources written before trixie's release may name bookworm "stable".
      mirror="$(mirror_for_suite bookworm || mirror_for_suite stable)" ||
        skip "$reason, and no apt source for bookworm was found to take the backports mirror from"
      local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
      {
        echo "# Added by kiln scripts/setup-webgpu.sh: Mesa >= 24 for the lavapipe Vulkan driver."
        echo "Types: deb"
        echo "URIs: $mirror"
        echo "Suites: $backports"
        echo "Components: main"
        if [ -f "$keyring" ]; then echo "Signed-By: $keyring"; fi
      } >"/etc/apt/sources.list.d/$backports.sources"
      source_note=", added $backports from $mirror"
    fi
    mesa_target="mesa-vulkan-drivers/$backports"
    if ! apt_offers mesa-vulkan-drivers "$backports"; then
      apt_update
      apt_offers mesa-vulkan-drivers "$backports" ||
        skip "$reason, and $(fetch_failure_note)$backports offers no mesa-vulkan-drivers (log: $log)"
    fi
  elif ! apt-cache show mesa-vulkan-drivers libvulkan1 >/dev/null 2>&1; then
    apt_update
  fi

  # Lists that name the packages can still be stale (a superseded version
  # is gone from the mirror), so a failed install is retried after an update.
  local -a install=(install -y --no-install-recommends libvulkan1 "$mesa_target")
  if ! "${apt_get[@]}" "${install[@]}" >>"$log" 2>&1; then
    if $updated; then
      skip "$reason, and apt-get install libvulkan1 $mesa_target failed (log: $log)"
    fi
    apt_update
    "${apt_get[@]}" "${install[@]}" >>"$log" 2>&1 ||
      skip "$reason, and $(fetch_failure_note)apt-get install libvulkan1 $mesa_target failed (log: $log)"
  fi

  if find_usable_driver; then
    echo "$PREFIX installed libvulkan1 $(installed_version libvulkan1) and" \
      "mesa-vulkan-drivers $(installed_version mesa-vulkan-drivers)${source_note}; using $USABLE_DRIVER"
    rm -f "$log"
  else
    skip "installed mesa-vulkan-drivers $(installed_version mesa-vulkan-drivers), but still $MISSING_REASON (log: $log)"
  fi
}

main
