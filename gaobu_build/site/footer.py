"""What the footer of every page says about the site (data/site.yaml), in the page's language.

The fields a Chinese government website shows by convention (政府网站发展指引): the sponsoring
body (主办单位), the website identifier (网站标识码), the ICP filing number, linking to the
filing system, and the public-security filing number, linking to its record; then the contact.
Each is shown only when set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..source.site import ICP_URL, SiteIdentity
from ..ui import UI


@dataclass(frozen=True)
class FooterItem:
    key: str  # names the item in the page (a class), e.g. "icp_filing"
    label: str
    text: str  # plain text: the template escapes it
    href: str | None = None
    text_lang: str | None = None  # a Chinese identifier on an English page says so (lang="zh-Hans")


def footer_items(site: SiteIdentity, lang: str) -> list[FooterItem]:
    ui = UI[lang]
    chinese = None if lang == "zh" else UI["zh"]["html_lang"]
    items = []
    if site.publisher:
        items.append(FooterItem("publisher", ui["publisher"], site.publisher.text(lang)))
    if site.site_code:
        items.append(FooterItem("site_code", ui["site_code"], site.site_code))
    if site.icp_filing:
        items.append(FooterItem("icp_filing", ui["icp_filing"], site.icp_filing, ICP_URL, chinese))
    if site.public_security_filing:
        items.append(FooterItem("public_security_filing", ui["public_security_filing"], site.public_security_filing,
                                site.public_security_url(), chinese))
    contact = site.contact
    if contact and contact.address:
        items.append(FooterItem("address", ui["address"], contact.address.text(lang)))
    if contact and contact.phone:
        items.append(FooterItem("phone", ui["phone"], contact.phone, "tel:" + re.sub(r"[^0-9+]", "", contact.phone)))
    if contact and contact.email:
        items.append(FooterItem("email", ui["email"], contact.email, "mailto:" + contact.email))
    return items
