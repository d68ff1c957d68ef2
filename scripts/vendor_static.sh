#!/usr/bin/env bash
# Re-vendor the front-end libraries into static/vendor/ from the npm registry.
#
# The app serves these files itself (WhiteNoise + ManifestStaticFilesStorage),
# so nothing is loaded from a CDN at run time. To upgrade a library, change its
# pinned version below, run this script, check the result, update
# static/vendor/README.md, and commit static/vendor/.
#
# Usage: scripts/vendor_static.sh          (needs node + npm)
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
HTMX_VERSION="2.0.11"
LEAFLET_VERSION="1.9.4"
MARKERCLUSTER_VERSION="1.5.3"
NOTO_SANS_VERSION="5.3.0"
NOTO_SANS_ARABIC_VERSION="5.3.0"
# The PDFs embed whole fonts (one file per weight), from the Google Fonts packages made for Expo.
EXPO_NOTO_SANS_VERSION="0.4.2"
EXPO_TAJAWAL_VERSION="0.4.1"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_DIR="${REPO_ROOT}/static/vendor"

# Build outside the repository so node_modules never lands in the work tree.
BUILD_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vendor-build.XXXXXX")"
trap 'rm -rf "${BUILD_DIR}"' EXIT

echo "Installing packages in ${BUILD_DIR}"
(
    cd "${BUILD_DIR}"
    npm init -y >/dev/null
    npm install --no-audit --no-fund --save-exact --ignore-scripts \
        "bootstrap@${BOOTSTRAP_VERSION}" \
        "htmx.org@${HTMX_VERSION}" \
        "leaflet@${LEAFLET_VERSION}" \
        "leaflet.markercluster@${MARKERCLUSTER_VERSION}" \
        "@fontsource/noto-sans@${NOTO_SANS_VERSION}" \
        "@fontsource/noto-sans-arabic@${NOTO_SANS_ARABIC_VERSION}" \
        "@expo-google-fonts/noto-sans@${EXPO_NOTO_SANS_VERSION}" \
        "@expo-google-fonts/tajawal@${EXPO_TAJAWAL_VERSION}"
)
NM="${BUILD_DIR}/node_modules"

# Make sure npm gave us exactly the pinned versions.
check_version() {
    local pkg="$1" want="$2" got
    got="$(node -p "require('${NM}/${pkg}/package.json').version")"
    if [[ "${got}" != "${want}" ]]; then
        echo "error: ${pkg} is ${got}, expected ${want}" >&2
        exit 1
    fi
}
check_version bootstrap "${BOOTSTRAP_VERSION}"
check_version htmx.org "${HTMX_VERSION}"
check_version leaflet "${LEAFLET_VERSION}"
check_version leaflet.markercluster "${MARKERCLUSTER_VERSION}"
check_version @fontsource/noto-sans "${NOTO_SANS_VERSION}"
check_version @fontsource/noto-sans-arabic "${NOTO_SANS_ARABIC_VERSION}"
check_version @expo-google-fonts/noto-sans "${EXPO_NOTO_SANS_VERSION}"
check_version @expo-google-fonts/tajawal "${EXPO_TAJAWAL_VERSION}"

# Start from clean package folders (static/vendor/README.md is kept).
rm -rf "${VENDOR_DIR}/bootstrap" "${VENDOR_DIR}/htmx" \
       "${VENDOR_DIR}/leaflet" "${VENDOR_DIR}/leaflet.markercluster" "${VENDOR_DIR}/fonts"
mkdir -p "${VENDOR_DIR}/bootstrap/css" "${VENDOR_DIR}/bootstrap/js" \
         "${VENDOR_DIR}/htmx" \
         "${VENDOR_DIR}/leaflet/images" \
         "${VENDOR_DIR}/leaflet.markercluster" \
         "${VENDOR_DIR}/fonts/noto-sans" "${VENDOR_DIR}/fonts/noto-sans-arabic" \
         "${VENDOR_DIR}/fonts/tajawal"

# Bootstrap (the bundle includes Popper, so Popper's licence is kept too).
cp "${NM}/bootstrap/dist/css/bootstrap.min.css"     "${VENDOR_DIR}/bootstrap/css/"
cp "${NM}/bootstrap/dist/css/bootstrap.rtl.min.css" "${VENDOR_DIR}/bootstrap/css/"
cp "${NM}/bootstrap/dist/js/bootstrap.bundle.min.js" "${VENDOR_DIR}/bootstrap/js/"
cp "${NM}/bootstrap/LICENSE"                        "${VENDOR_DIR}/bootstrap/LICENSE"
cp "${NM}/@popperjs/core/LICENSE.md"                "${VENDOR_DIR}/bootstrap/LICENSE-popper.md"

# htmx
cp "${NM}/htmx.org/dist/htmx.min.js" "${VENDOR_DIR}/htmx/"
cp "${NM}/htmx.org/LICENSE"          "${VENDOR_DIR}/htmx/LICENSE"

# Leaflet
cp "${NM}/leaflet/dist/leaflet.js"  "${VENDOR_DIR}/leaflet/"
cp "${NM}/leaflet/dist/leaflet.css" "${VENDOR_DIR}/leaflet/"
for img in marker-icon.png marker-icon-2x.png marker-shadow.png layers.png layers-2x.png; do
    cp "${NM}/leaflet/dist/images/${img}" "${VENDOR_DIR}/leaflet/images/"
done
cp "${NM}/leaflet/LICENSE" "${VENDOR_DIR}/leaflet/LICENSE"

# Leaflet.markercluster
cp "${NM}/leaflet.markercluster/dist/leaflet.markercluster.js"  "${VENDOR_DIR}/leaflet.markercluster/"
cp "${NM}/leaflet.markercluster/dist/MarkerCluster.css"         "${VENDOR_DIR}/leaflet.markercluster/"
cp "${NM}/leaflet.markercluster/dist/MarkerCluster.Default.css" "${VENDOR_DIR}/leaflet.markercluster/"
cp "${NM}/leaflet.markercluster/MIT-LICENCE.txt"                "${VENDOR_DIR}/leaflet.markercluster/"

# Noto Sans Arabic, regular and bold, as WOFF2: the Arabic of the public pages (browsers).
for weight in 400 700; do
    cp "${NM}/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-${weight}-normal.woff2" \
       "${VENDOR_DIR}/fonts/noto-sans-arabic/"
done
cp "${NM}/@fontsource/noto-sans-arabic/LICENSE" "${VENDOR_DIR}/fonts/noto-sans-arabic/LICENSE"

# The PDFs' fonts: one whole file per weight, so that a glyph is always drawn from the font that
# shaped it (two faces of one family split by unicode-range drew wrong glyphs in WeasyPrint).
# Noto Sans (French, English) keeps its Latin, Latin Extended and punctuation (pyftsubset, from
# fontTools, which WeasyPrint installs): 135 KB instead of 630 KB per weight.
# Tajawal (Arabic, with its own Latin letters and digits) is kept whole: its Arabic letters are
# single glyphs, so the text copied from a PDF is the text printed (Noto Sans Arabic draws a
# letter as a dotless shape plus separate dots, which WeasyPrint cannot map back to text).
PYFTSUBSET="${PYFTSUBSET:-${REPO_ROOT}/.venv/bin/pyftsubset}"
for style in 400Regular:Regular 700Bold:Bold; do
    "${PYFTSUBSET}" "${NM}/@expo-google-fonts/noto-sans/${style%%:*}/NotoSans_${style%%:*}.ttf" \
        --unicodes="U+0000-024F,U+0259,U+02BB-02BC,U+02C6-02DD,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20A0-20C0,U+2100-2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD" \
        --layout-features='*' --output-file="${VENDOR_DIR}/fonts/noto-sans/NotoSans-${style##*:}.ttf"
    cp "${NM}/@expo-google-fonts/tajawal/${style%%:*}/Tajawal_${style%%:*}.ttf" \
       "${VENDOR_DIR}/fonts/tajawal/Tajawal-${style##*:}.ttf"
done
cp "${NM}/@expo-google-fonts/noto-sans/LICENSE_FONT" "${VENDOR_DIR}/fonts/noto-sans/LICENSE"
cp "${NM}/@expo-google-fonts/tajawal/LICENSE_FONT"   "${VENDOR_DIR}/fonts/tajawal/LICENSE"

# Strip source-map comments: the .map files are not vendored, and Django's
# ManifestStaticFilesStorage fails on references to missing files.
# Files without such a comment are left byte-for-byte as published.
find "${VENDOR_DIR}" -type f \( -name '*.js' -o -name '*.css' \) -print0 |
    while IFS= read -r -d '' f; do
        grep -q sourceMappingURL "${f}" || continue
        perl -0pi -e '
            s{/\*[#@]\s*sourceMappingURL=[^*]*\*/}{}g;
            s{^[ \t]*//[#@]\s*sourceMappingURL=[^\r\n]*}{}mg;
            s{\s+\z}{\n};
        ' "${f}"
    done

if grep -rl --include='*.js' --include='*.css' sourceMappingURL "${VENDOR_DIR}"; then
    echo "error: sourceMappingURL comments remain in the files above" >&2
    exit 1
fi

echo "Vendored into ${VENDOR_DIR}:"
(cd "${REPO_ROOT}" && du -ah static/vendor)
