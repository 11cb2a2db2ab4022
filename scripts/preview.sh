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

count=0
while IFS= read -r -d '' docx; do
    name="$(basename "${docx%.docx}")"
    "$soffice_bin" "-env:UserInstallation=file://$profile" --headless --convert-to pdf \
        --outdir "$out" "$docx" >/dev/null 2>&1 || { echo "转换失败：$docx" >&2; continue; }
    rm -f "$out/$name"-*.png
    pdftoppm -png -r 60 "$out/$name.pdf" "$out/$name"
    pages="$(find "$out" -maxdepth 1 -name "$name-*.png" | wc -l)"
    echo "$docx → $out/$name.pdf（$pages 页）"
    count=$((count + 1))
done < <(find "$dir" -path "$out" -prune -o -name '*.docx' ! -name '~$*' -print0 | sort -z)

if [[ $count -eq 0 ]]; then
    echo "在 $dir 下没有找到 .docx 文件。"
fi
