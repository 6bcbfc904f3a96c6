"""Write real Outlook ``.msg`` files for tests: an OLE compound file (MS-CFB v3) laid out as
MS-OXMSG describes. No Python library writes .msg files, so the tests build them here.

MS-CFB: 512-byte sectors, a FAT, a mini stream of 64-byte sectors for streams under 4096 bytes,
directory entries of 128 bytes. MS-OXMSG: properties in ``__properties_version1.0``, variable
length values in ``__substg1.0_<tag>`` streams, attachments in ``__attach_version1.0_#N``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class Node:
    name: str
    data: bytes | None = None  # None: a storage
    children: list[Node] = field(default_factory=list)


def _sort_key(node: Node) -> tuple[int, str]:
    return (len(node.name), node.name.upper())


def write_cfb(root_children: list[Node]) -> bytes:
    """One compound file holding ``root_children`` under the root storage."""
    root = Node("Root Entry", None, root_children)
    order: list[Node] = []

    def visit(node: Node) -> None:
        order.append(node)
        for child in sorted(node.children, key=_sort_key):
            visit(child)

    visit(root)
    index = {id(n): i for i, n in enumerate(order)}

    # Mini stream for small streams, regular sectors for the others.
    mini_data = bytearray()
    mini_start: dict[int, int] = {}
    mini_fat: list[int] = []
    big: list[Node] = []
    for node in order[1:]:
        if node.data is None:
            continue
        if 0 < len(node.data) < CUTOFF:
            first = len(mini_data) // MINI
            count = -(-len(node.data) // MINI)
            mini_start[id(node)] = first
            mini_fat.extend(first + k + 1 for k in range(count - 1))
            mini_fat.append(END)
            mini_data += node.data + b"\0" * (count * MINI - len(node.data))
        elif node.data:
            big.append(node)

    sectors: list[bytes] = []
    fat: list[int] = []

    def allocate(data: bytes) -> int:
        if not data:
            return END
        first = len(sectors)
        count = -(-len(data) // SECTOR)
        for k in range(count):
            sectors.append(data[k * SECTOR : (k + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + k + 1 if k < count - 1 else END)
        return first

    big_start = {id(n): allocate(n.data or b"") for n in big}
    root_start = allocate(bytes(mini_data))
    mini_fat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
    mini_fat_bytes += b"\xff" * ((-len(mini_fat_bytes)) % SECTOR)
    mini_fat_start = allocate(mini_fat_bytes) if mini_fat else END
    mini_fat_count = len(mini_fat_bytes) // SECTOR if mini_fat else 0

    entries = bytearray()
    for i, node in enumerate(order):
        kids = sorted(node.children, key=_sort_key)
        name = node.name.encode("utf-16-le") + b"\0\0"
        if i == 0:
            kind, start, size = 5, root_start, len(mini_data)
        elif node.data is None:
            kind, start, size = 1, 0, 0
        else:
            kind, size = 2, len(node.data)
            start = mini_start.get(id(node), big_start.get(id(node), END))
        right = NOSTREAM
        # siblings chained through the right pointer, in sorted order
        parent = next((p for p in order if any(c is node for c in p.children)), None)
        if parent is not None:
            siblings = sorted(parent.children, key=_sort_key)
            position = next(k for k, c in enumerate(siblings) if c is node)
            if position + 1 < len(siblings):
                right = index[id(siblings[position + 1])]
        child = index[id(kids[0])] if kids else NOSTREAM
        entries += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name.ljust(64, b"\0"),
            len(name),
            kind,
            1,
            NOSTREAM,
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            start if size or kind == 5 else END,
            size,
        )
    entries += b"\0" * ((-len(entries)) % SECTOR)
    # unused directory slots must look empty
    dir_start = allocate(bytes(entries))

    # FAT sectors: enough to describe every sector including themselves.
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(sectors)
    fat.extend([FATSECT] * fat_count)
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    for k in range(fat_count):
        sectors.append(fat_bytes[k * SECTOR : (k + 1) * SECTOR])
    difat = [fat_start + k for k in range(fat_count)] + [FREE] * (109 - fat_count)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_count,
        dir_start,
        0,
        CUTOFF,
        mini_fat_start,
        mini_fat_count,
        END,
        0,
    ) + b"".join(struct.pack("<I", v) for v in difat)
    return header + b"".join(sectors)


def _unicode(value: str) -> bytes:
    return value.encode("utf-16-le")


def _props(entries: list[tuple[int, bytes]], header: bytes) -> bytes:
    return header + b"".join(struct.pack("<II8s", tag, 6, value) for tag, value in entries)


def _string_prop(tag: int, data: bytes) -> tuple[int, bytes]:
    return tag, struct.pack("<II", len(data) + 2, 0)


def write_msg(
    *,
    subject: str,
    body: str,
    sender_name: str,
    sender_email: str,
    to: str = "",
    attachments: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """An IPM.Note message with Unicode properties and attachments by value."""
    strings = {
        0x001A: "IPM.Note",
        0x0037: subject,
        0x1000: body,
        0x0C1A: sender_name,
        0x0C1F: sender_email,
        0x5D01: sender_email,
        0x0042: sender_name,
        0x0E04: to,
    }
    children = []
    props = []
    for prop_id, value in strings.items():
        data = _unicode(value)
        children.append(Node(f"__substg1.0_{prop_id:04X}001F", data))
        props.append(_string_prop((prop_id << 16) | 0x001F, data))
    for number, (filename, data) in enumerate(attachments):
        name_bytes = _unicode(filename)
        att_props = [
            (0x37050003, struct.pack("<II", 1, 0)),  # PR_ATTACH_METHOD: by value
            _string_prop(0x3707001F, name_bytes),
            (0x37010102, struct.pack("<II", len(data), 0)),
        ]
        children.append(
            Node(
                f"__attach_version1.0_#{number:08X}",
                None,
                [
                    Node("__substg1.0_3707001F", name_bytes),
                    Node("__substg1.0_3704001F", name_bytes),
                    Node("__substg1.0_37010102", data),
                    Node("__properties_version1.0", _props(att_props, b"\0" * 8)),
                ],
            )
        )
    children.append(
        Node(
            "__nameid_version1.0",
            None,
            [
                Node("__substg1.0_00020102", b""),
                Node("__substg1.0_00030102", b""),
                Node("__substg1.0_00040102", b""),
            ],
        )
    )
    header = struct.pack(
        "<8sIIII8s", b"\0" * 8, 0, len(attachments), 0, len(attachments), b"\0" * 8
    )
    props.append((0x340D0003, struct.pack("<II", 0x00040000, 0)))  # store supports Unicode
    children.append(Node("__properties_version1.0", _props(props, header)))
    return write_cfb(children)
