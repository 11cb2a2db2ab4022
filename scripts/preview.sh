#!/usr/bin/env bash
# make preview: render the example plans in every style to PDF through `plangen render --to pdf`
# (LibreOffice) and to PNG pages, so the layout (fonts, indents, page numbers, tables, 落款) can
# be checked without Word.
#   scripts/preview.sh [OUT] [PLAN.yaml ...]      (defaults: plangen-demo/preview, examples/*.yaml)
# Output: OUT/<name>.pdf and OUT/<name>-<page>.png (60 dpi).
set -euo pipefail

out="${1:-plangen-demo/preview}"
shift || true
plans=("$@")
if [[ ${#plans[@]} -eq 0 ]]; then
    plans=(examples/*.yaml)
fi
plangen="${PLANGEN:-.venv/bin/plangen}"

if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1 \
        || ! command -v pdftoppm >/dev/null 2>&1; then
    echo "预览需要 LibreOffice 和 poppler-utils（pdftoppm），本机尚未安装，已跳过。"
    echo "在 Debian/Ubuntu 上安装："
    echo "    sudo apt-get install libreoffice-writer fonts-noto-cjk poppler-utils"
    exit 0
fi

mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

# The 公文 fonts (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体, 黑体) are Windows fonts. Map them to
# the installed Chinese fonts of the same family kind (Song/Fangsong → serif, Hei → sans), in
# their Simplified Chinese forms, for this preview only; the .docx itself is not changed.
cat > "$profile/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>仿宋_GB2312</family>
    <prefer><family>FangSong_GB2312</family><family>FangSong</family><family>仿宋</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>仿宋</family>
    <prefer><family>FangSong</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family>
    <prefer><family>KaiTi_GB2312</family><family>KaiTi</family><family>楷体</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体</family>
    <prefer><family>KaiTi</family><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>宋体</family>
    <prefer><family>SimSun</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family>
    <prefer><family>SimHei</family><family>Noto Sans CJK SC</family></prefer></alias>
  <match target="pattern">
    <test name="family"><string>方正小标宋简体</string></test>
    <edit name="family" mode="prepend" binding="strong"><string>Noto Serif CJK SC</string></edit>
    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>
  </match>
</fontconfig>
XML
export FONTCONFIG_FILE="$profile/fonts.conf"

"$plangen" render "${plans[@]}" --style all --to pdf -o "$out"
count=0
while IFS= read -r -d '' pdf; do
    name="${pdf%.pdf}"
    rm -f "$name"-[0-9]*.png
    pdftoppm -png -r 60 "$pdf" "$name"
    pages="$(find "$out" -maxdepth 1 -name "$(basename "$name")-[0-9]*.png" | wc -l)"
    echo "$pdf（$pages 页）"
    count=$((count + 1))
done < <(find "$out" -maxdepth 1 -name '*.pdf' -print0 | sort -z)

if [[ $count -eq 0 ]]; then
    echo "没有生成 PDF。"
fi
