#!/usr/bin/env bash
# make preview: render every .docx under DIR (default plangen-demo) to PDF and to PNG pages,
# so the layout (fonts, indents, page numbers, tables, 落款) can be checked without Word.
#   scripts/preview.sh [DIR]
# Output: DIR/preview/<name>.pdf and DIR/preview/<name>-<page>.png (60 dpi).
set -euo pipefail

dir="${1:-plangen-demo}"

soffice_bin="$(command -v libreoffice || command -v soffice || true)"
if [[ -z "$soffice_bin" ]] || ! command -v pdftoppm >/dev/null 2>&1; then
    echo "预览需要 LibreOffice 和 poppler-utils（pdftoppm），本机尚未安装，已跳过。"
    echo "在 Debian/Ubuntu 上安装："
    echo "    sudo apt-get install libreoffice-writer fonts-noto-cjk poppler-utils"
    exit 0
fi

if [[ ! -d "$dir" ]]; then
    echo "目录不存在：$dir（可先运行 make demo 生成示例文档）" >&2
    exit 1
fi

out="$dir/preview"
mkdir -p "$out"
# A private LibreOffice profile: works while another LibreOffice is open, leaves ~ untouched.
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

# LibreOffice cannot squeeze 16 pt characters into the 15.79 pt cells of Word's character grid
# (22 × 28 公文 layout): it gives each character two cells, 14 a line. For the preview only, a
# copy of such a document gets the equivalent that LibreOffice can lay out: a line grid plus
# slightly condensed characters (28 a line, as Word shows). Needs python3; otherwise as is.
python_bin="$(command -v python3 || true)"
lo_copy() {  # lo_copy SRC DST → prints "patched" when DST differs from SRC
    "$python_bin" - "$1" "$2" <<'PY'
import math, re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin:
    doc = zin.read("word/document.xml").decode("utf-8")
    grid = re.search(r'<w:docGrid\b[^>]*w:type="linesAndChars"[^>]*/>', doc)
    space = re.search(r'w:charSpace="(-\d+)"', grid.group(0)) if grid else None
    if not space:
        sys.exit(0)
    condense = math.ceil(-int(space.group(1)) * 20 / 4096) + 1
    new_grid = re.sub(r'\s*w:charSpace="-?\d+"', "", grid.group(0)).replace("linesAndChars", "lines")
    doc = doc.replace(grid.group(0), new_grid)
    styles = zin.read("word/styles.xml").decode("utf-8")
    styles = re.sub(r"(<w:rPrDefault>\s*<w:rPr>)", rf'\1<w:spacing w:val="-{condense}"/>', styles, 1)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = doc.encode("utf-8")
            elif info.filename == "word/styles.xml":
                data = styles.encode("utf-8")
            zout.writestr(info, data)
print("patched")
PY
}

count=0
while IFS= read -r -d '' docx; do
    name="$(basename "${docx%.docx}")"
    src="$docx"
    if [[ -n "$python_bin" ]]; then
        mkdir -p "$profile/lo"
        if [[ "$(lo_copy "$docx" "$profile/lo/$name.docx" 2>/dev/null)" == "patched" ]]; then
            src="$profile/lo/$name.docx"
            echo "注：$docx 使用 Word 字符网格（如每行 28 字），LibreOffice 无法按网格压缩汉字；预览时改用等效的字符间距（文档本身未改动）。"
        fi
    fi
    "$soffice_bin" "-env:UserInstallation=file://$profile" --headless --convert-to pdf \
        --outdir "$out" "$src" >/dev/null 2>&1 || { echo "转换失败：$docx" >&2; continue; }
    rm -f "$out/$name"-[0-9]*.png
    pdftoppm -png -r 60 "$out/$name.pdf" "$out/$name"
    pages="$(find "$out" -maxdepth 1 -name "$name-[0-9]*.png" | wc -l)"
    echo "$docx → $out/$name.pdf（$pages 页）"
    count=$((count + 1))
done < <(find "$dir" -path "$out" -prune -o -name '*.docx' ! -name '~$*' -print0 | sort -z)

if [[ $count -eq 0 ]]; then
    echo "在 $dir 下没有找到 .docx 文件。"
fi
