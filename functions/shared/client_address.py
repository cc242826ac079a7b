"""The client's address as CloudFront saw it: the `CloudFront-Viewer-Address` header, which CloudFront sets
(and overwrites if a client sent one) as "ip:port" ("198.51.100.10:46532"; IPv6 "2001:db8::1:46532", or
bracketed "[2001:db8::1]:46532"). Nothing else is trusted: X-Forwarded-For and the body are the client's to
write, and API Gateway's sourceIp behind CloudFront is an edge server's. The staff API records it in the audit
trail; intake checks it against the municipality's networks while the e-service is internal."""

import ipaddress

VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address"


def viewer_address(header: str | None) -> str:
    """The address in the header, normalised ("" when there is none or it is not an address and a port)."""
    if not header:
        return ""
    value = header.strip()
    if value.startswith("["):
        address, separator, port = value[1:].partition("]:")
    else:
        address, separator, port = value.rpartition(":")
    if not separator or not port.isdigit() or int(port) > 65535:
        return ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
