"""The site's identity (`data/site.yaml`): who publishes it, what it is called, how it introduces
itself, the filing numbers a Chinese government website shows in its footer, and its colours.

Everything that makes one office's site its own is here, as data: the package itself names no
place, so any office can publish its reports with it.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StrictStr
from pydantic_core import PydanticCustomError

from .model import Id, Strict, Text

SITE_FILE = "site.yaml"
# The public-security filing system's page for one record (公安机关备案号), and the ICP filing system (ICP备案号).
PUBLIC_SECURITY_URL = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}"
ICP_URL = "https://beian.miit.gov.cn/"
DEFAULT_SHORT_NAME = "report"


def _pattern(code: str, expected: str, regex: str):
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(code, "Expected " + expected + " but received: {value}", {"value": repr(value)})
        return value

    return AfterValidator(check)


# `#rrggbb`: nothing else can reach the stylesheet, and the contrast can be computed.
Colour = Annotated[StrictStr, _pattern("gaobu_bad_colour", "a colour written as #rrggbb (six hexadecimal digits)",
                                       r"#[0-9a-fA-F]{6}")]
# 某ICP备12345678号, 某ICP备2021012345号-1: the province's one-character abbreviation, "ICP备", the number.
IcpNumber = Annotated[StrictStr, _pattern("gaobu_bad_icp", "an ICP filing number such as 某ICP备12345678号-1",
                                          r"[\u4e00-\u9fff]{1,2}ICP备\d{4,12}号(?:-\d{1,3})?")]
# 某公网安备 12345678901234号: the digits are the record code the filing system's link needs.
PublicSecurityNumber = Annotated[StrictStr, _pattern(
    "gaobu_bad_public_security", "a public-security filing number such as 某公网安备 12345678901234号",
    r"[\u4e00-\u9fff]{1,2}公网安备 ?\d{8,20}号")]
# 网站标识码: issued by the national government-website system, ten characters.
SiteCode = Annotated[StrictStr, _pattern("gaobu_bad_site_code", "a website identifier (网站标识码) of 10 letters or digits",
                                         r"[0-9A-Za-z]{10}")]
Email = Annotated[StrictStr, _pattern("gaobu_bad_email", "an e-mail address such as office@example.gov.cn",
                                      r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")]
Phone = Annotated[StrictStr, _pattern("gaobu_bad_phone", "a telephone number of digits, spaces, +, -, and parentheses",
                                      r"\+?[0-9()][0-9 ()\-]{2,30}")]


class InBothLanguages(Strict):
    """The site's own words: written for both languages, never left to translate."""

    zh: Text
    en: Text

    def text(self, lang: str) -> str:
        return getattr(self, lang)


class Contact(Strict):
    address: InBothLanguages | None = None
    phone: Phone | None = None
    email: Email | None = None


class Palette(Strict):
    # The header's background and the links' colour (white text on it, it on white).
    primary: Colour = "#c62828"
    # Links and buttons under the pointer or focus.
    accent: Colour = "#b71c1c"


class SiteIdentity(Strict):
    name: InBothLanguages
    home_title: InBothLanguages | None = None  # the home page's heading; the name when unset
    intro: InBothLanguages | None = None
    publisher: InBothLanguages | None = None  # 主办单位
    contact: Contact | None = None
    icp_filing: IcpNumber | None = None  # ICP备案号
    public_security_filing: PublicSecurityNumber | None = None  # 公安机关备案号
    site_code: SiteCode | None = None  # 网站标识码
    palette: Palette = Palette()
    # In the file names of downloads: <short_name>-2024-zh.pdf.
    short_name: Id = DEFAULT_SHORT_NAME

    def title(self, lang: str) -> str:
        return (self.home_title or self.name).text(lang)

    def public_security_url(self) -> str | None:
        if not self.public_security_filing:
            return None
        return PUBLIC_SECURITY_URL.format(code=re.search(r"\d+", self.public_security_filing).group())
