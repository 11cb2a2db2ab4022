"""Why the operating system refused to read or write a file, in Chinese (never the system's English)."""

from __future__ import annotations

import errno

# errno → reason, for reading and writing alike; callers may override a few with their own words.
REASONS: dict[int, str] = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "同名文件已存在",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ELOOP: "路径中的符号链接过多（可能链接成了环）",
    errno.EIO: "磁盘读写出错（输入/输出错误），请检查磁盘或网络盘",
    errno.EFBIG: "文件过大",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.ENOMEM: "内存不足",
    errno.EBUSY: "文件或设备正忙",
    errno.ETXTBSY: "文件正被另一个程序使用",
    errno.EAGAIN: "资源暂时不可用，请稍后再试",
    errno.EINVAL: "无效的文件名或操作",
    errno.ENXIO: "设备不存在或未连接",
    errno.ENODEV: "设备不存在",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.ESTALE: "网络文件句柄已失效，请重新挂载网络盘",
    errno.ETIMEDOUT: "连接超时（网络盘无响应）",
    errno.EINTR: "操作被中断",
    errno.ECONNREFUSED: "连接被拒绝",
}


def os_reason(exc: OSError, overrides: dict[int, str] | None = None) -> str:
    """Returns why `exc` happened in Chinese; an uncommon errno is named by its symbol (EXDEV …)."""
    code = exc.errno or 0
    reason = (overrides or {}).get(code) or REASONS.get(code)
    if reason:
        return reason
    if code in errno.errorcode:
        return f"操作系统报告错误 {errno.errorcode[code]}（错误号 {code}）"
    return "操作系统报告了未知错误"
