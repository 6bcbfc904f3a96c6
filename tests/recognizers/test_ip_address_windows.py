"""Full IPv6 addresses are searched only around the cheap hint: same matches as a full scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recognizers.rules.ip_address import _IPV6_FULL_RE, _full_ipv6_matches

_group = st.integers(0, 0xFFFF).map(lambda n: f"{n:x}")
_address = st.lists(_group, min_size=5, max_size=12).map(":".join)
_filler = st.text(alphabet="0123456789abcdefx:.% \n-_", max_size=150)
_text = st.lists(st.one_of(_address, _filler), max_size=8).map("".join)


@settings(max_examples=300)
@given(_text)
def test_windowed_search_finds_what_a_full_scan_finds(text):
    expected = [m.span() for m in _IPV6_FULL_RE.finditer(text)]
    assert [m.span() for m in _full_ipv6_matches(text)] == expected


def test_addresses_far_apart_and_glued_runs():
    far = "2001:db8:0:0:1:2:3:4" + " " * 500 + "fe80:0:0:0:202:b3ff:fe1e:8329%eth0 end"
    glued = "id 1:2:3:4:5:6:7:8:9 and 0:0:0:0:0:ffff:192.0.2.1."
    for text in (far, glued):
        expected = [m.span() for m in _IPV6_FULL_RE.finditer(text)]
        assert [m.span() for m in _full_ipv6_matches(text)] == expected
    assert len(_full_ipv6_matches(far)) == 2
