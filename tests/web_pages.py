"""News pages written for the tests, as sites serve them: the story among navigation, cookie
banners, paywall teasers, related-story lists, comments, newsletter boxes and footers.

Each `TestPage` lists the story's sentences (every one must be kept) and the boilerplate lines
(none may be kept), and the metadata the reader must find. Four kinds: JSON-LD only,
OpenGraph only, no metadata at all, and a page in Windows-1252 (declared, and undeclared).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape


@dataclass(frozen=True)
class TestPage:
    """One page: `path` on the test server, its `body` bytes and Content-Type, what the story
    says and what is boilerplate, and the metadata the reader must find."""

    path: str
    body: bytes
    sentences: list[str]
    boilerplate: list[str]
    title: str
    date: str | None
    author: str | None
    outlet: str | None
    url: str | None = None
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    __test__ = False  # not a test class, whatever pytest thinks of the name


def paragraphs(sentences: list[str], per: int = 2) -> str:
    groups = [sentences[i : i + per] for i in range(0, len(sentences), per)]
    return "\n".join(f"<p>{' '.join(g)}</p>" for g in groups)


# --- JSON-LD only: a modern news site -------------------------------------------------------

COURIER_STORY = [
    "Niger's military junta on Monday asked Togo's President Faure Gnassingbe to act as a "
    "facilitator with the international community, including the West African bloc ECOWAS.",
    "Defence Minister General Salifou Mody met Gnassingbe in the Togolese capital Lome.",
    "He said the junta also wanted Togo to guarantee a deal for French troops to withdraw.",
    "The Economic Community of West African States has imposed tight financial sanctions and "
    "closed border trade with Niger in a bid to restore constitutional order.",
    "Mody called the sanctions cynical.",
    "He said Togo had allowed space for the junta to communicate when other avenues were shut.",
    "France has already started pulling out its 1,500 troops from Niger after the junta "
    "demanded they leave following the July 26 ouster of President Mohamed Bazoum.",
    "About 400 soldiers had left the base in Niamey by the end of the week, an officer said.",
]
COURIER_BOILERPLATE = [
    "Home",
    "World",
    "Sport",
    "Opinion",
    "We use cookies to improve your experience on our site.",
    "Accept all cookies",
    "Get the Sahel briefing",
    "Sign up for our free daily newsletter and never miss a story.",
    "Subscribe to keep reading. Only 1 euro for your first month of unlimited access.",
    "Related stories",
    "Mali votes on new constitution in June referendum",
    "Burkina Faso suspends French broadcaster after interview",
    "Comments (2)",
    "This is a disgrace and everyone knows it, says a reader from Paris.",
    "Togo has always been a good neighbour to all of us here.",
    "© 2023 The Sahel Courier. All rights reserved.",
    "Privacy policy",
    "Terms of use",
]
_B = COURIER_BOILERPLATE
JSONLD_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Niger junta asks Togo to mediate | The Sahel Courier</title>
<link rel="canonical" href="https://sahelcourier.example/world/2023/niger-togo-mediation">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Niger junta asks Togo to mediate with ECOWAS",
 "datePublished": "2023-08-28T09:15:00+00:00", "dateModified": "2023-09-02T11:00:00+00:00",
 "author": {{"@type": "Person", "name": "Amina Diallo"}},
 "publisher": {{"@type": "Organization", "name": "The Sahel Courier"}}}}
</script>
</head><body>
<header class="site-header"><nav><ul><li><a href="/">{_B[0]}</a></li>
<li><a href="/world">{_B[1]}</a></li><li><a href="/sport">{_B[2]}</a></li>
<li><a href="/opinion">{_B[3]}</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent"><p>{_B[4]}</p><button>{_B[5]}</button></div>
<main><article>
<h1>Niger junta asks Togo to mediate with ECOWAS</h1>
{paragraphs(COURIER_STORY[:4])}
<div class="newsletter-signup"><h3>{_B[6]}</h3><p>{_B[7]}</p>
<form><input type="email" placeholder="Your e-mail"><button>Subscribe</button></form></div>
{paragraphs(COURIER_STORY[4:])}
<div class="paywall-teaser"><p>{_B[8]}</p></div>
</article>
<aside class="related-stories"><h2>{_B[9]}</h2><ul><li><a href="/a">{_B[10]}</a></li>
<li><a href="/b">{_B[11]}</a></li></ul></aside>
<section id="comments" class="comments"><h2>{_B[12]}</h2>
<div class="comment"><p>{_B[13]}</p></div><div class="comment"><p>{_B[14]}</p></div></section>
</main>
<footer class="site-footer"><p>{_B[15]}</p><p><a href="/privacy">{_B[16]}</a> |
<a href="/terms">{_B[17]}</a></p></footer>
</body></html>
"""

# --- OpenGraph only: share buttons, advertising, a most-read box ------------------------------

HERALD_STORY = [
    "Thousands of protesters gathered outside the French military base in Niamey on Saturday "
    "to demand the departure of French forces.",
    "Demonstrators waved Nigerien and Russian flags and chanted slogans against France.",
    "The protest was organised by a coalition of civil society groups that back the junta.",
    "Police said the crowd had dispersed peacefully by the evening.",
    "France has kept about 1,500 soldiers in the country to fight jihadist groups.",
    "The junta revoked military cooperation agreements with Paris in early August.",
]
HERALD_BOILERPLATE = [
    "Share on Facebook",
    "Share on X",
    "Copy link",
    "Advertisement",
    "Most read",
    "Five things to know about the Sahel crisis",
    "Ten photos of the week from across Africa",
    "Read more: Why uranium matters to France",
    "Follow us on Instagram for more news.",
    "Contact the newsroom",
    "Niamey Herald © 2023",
]
_H = HERALD_BOILERPLATE
OPENGRAPH_PAGE = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Niamey protesters demand French troops leave</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Protesters in Niamey demand French troops leave">
<meta property="og:site_name" content="Niamey Herald">
<meta property="og:url" content="https://niameyherald.example/news/protest-french-base">
<meta property="article:published_time" content="2023-09-02T18:40:00Z">
<meta property="article:author" content="Ibrahim Moussa">
<meta name="author" content="Ibrahim Moussa">
</head><body>
<div class="top-bar"><a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></div>
<div class="content-wrapper"><div class="main-column">
<div class="story-body">
<h1 class="headline">Protesters in Niamey demand French troops leave</h1>
<div class="share-tools"><a class="share-facebook">{_H[0]}</a> <a class="share-x">{_H[1]}</a>
<button class="copy-link">{_H[2]}</button></div>
{paragraphs(HERALD_STORY[:3], per=1)}
<div class="ad-slot advertisement"><span>{_H[3]}</span></div>
{paragraphs(HERALD_STORY[3:5], per=1)}
<div class="read-more-box"><p><strong>{_H[7]}</strong></p></div>
{paragraphs(HERALD_STORY[5:], per=1)}
<p class="social-follow">{_H[8]}</p>
</div></div>
<div class="sidebar"><div class="most-read widget"><h3>{_H[4]}</h3><ol>
<li><a href="/x">{_H[5]}</a></li><li><a href="/y">{_H[6]}</a></li></ol></div></div></div>
<div id="footer"><a href="/contact">{_H[9]}</a><p>{_H[10]}</p></div>
</body></html>
"""

# --- No metadata: an older site, the byline and date only in the text ------------------------

GAZETTE_STORY = [
    "Niger's junta has accused France of massing troops in neighbouring countries in "
    "preparation for a military intervention.",
    "A spokesman read the statement on national television late on Friday.",
    "He said aircraft and equipment had been deployed to Senegal, Ivory Coast and Benin.",
    "Paris has denied any plan to intervene and said it does not recognise the junta.",
    "ECOWAS has said it is ready to deploy a standby force if diplomacy fails.",
]
GAZETTE_BOILERPLATE = [
    "You are here: Home > Africa > Niger",
    "Popular now",
    "Oil prices climb as supply fears grow",
    "Election results delayed in Gabon",
    "This site uses cookies. Learn more.",
    "Got it!",
    "Leave a comment",
    "Your email address will not be published.",
    "Post comment",
    "About us",
    "Advertise with us",
]
_G = GAZETTE_BOILERPLATE
PLAIN_PAGE = f"""<html><head>
<title>Junta says France is preparing an intervention - Daily Gazette</title></head><body>
<table width="100%"><tr><td class="crumbs">{_G[0]}</td></tr></table>
<div id="wrap"><div id="left">
<h2>Junta says France is preparing an intervention</h2>
<p class="byline">By John Smith</p>
<p class="date">Published 8 September 2023</p>
{paragraphs(GAZETTE_STORY, per=1)}
<div class="comment-form"><h4>{_G[6]}</h4><p>{_G[7]}</p>
<textarea></textarea><button>{_G[8]}</button></div>
</div>
<div id="right" class="sidebar"><h4>{_G[1]}</h4><ul><li><a href="/1">{_G[2]}</a></li>
<li><a href="/2">{_G[3]}</a></li></ul></div></div>
<div class="cc-window cookie-notice">{_G[4]} <a class="cc-btn">{_G[5]}</a></div>
<div class="bottom-links"><a href="/about">{_G[9]}</a> · <a href="/ads">{_G[10]}</a></div>
</body></html>
"""

# --- Windows-1252: accented French, curly quotes ------------------------------------------------

ECHO_STORY = [
    "Le président Mohamed Bazoum a été renversé le 26 juillet par des militaires de sa garde.",
    "La Cédéao a menacé d’intervenir si l’ordre constitutionnel n’était pas rétabli.",
    "« Nous ne céderons pas », a déclaré un porte-parole de la junte à Niamey.",
    "Les échanges commerciaux avec le Bénin sont suspendus depuis la fermeture des frontières.",
    "Le prix du riz a augmenté de près de 20 % sur les marchés de la capitale.",
]
ECHO_BOILERPLATE = [
    "Accueil",
    "Abonnez-vous à notre lettre d’information",
    "Articles les plus lus",
    "Mentions légales",
]
_E = ECHO_BOILERPLATE


def echo_page(declare: bool) -> str:
    charset = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    return f"""<!DOCTYPE html>
<html lang="fr"><head>{charset if declare else ""}
<title>Niger : la junte refuse de céder</title>
<meta property="og:site_name" content="L’Écho du Sahel">
<meta property="article:published_time" content="2023-08-20">
</head><body>
<nav><a href="/">{_E[0]}</a></nav>
<article><h1>Niger : la junte refuse de céder</h1>
{paragraphs(ECHO_STORY, per=1)}
</article>
<div class="newsletter"><p>{_E[1]}</p><input type="email"></div>
<aside class="popular"><h3>{_E[2]}</h3></aside>
<footer><a href="/legal">{_E[3]}</a></footer>
</body></html>
"""


PAGES = [
    TestPage(
        path="/world/2023/niger-togo-mediation",
        body=JSONLD_PAGE.encode("utf-8"),
        sentences=COURIER_STORY,
        boilerplate=COURIER_BOILERPLATE,
        title="Niger junta asks Togo to mediate with ECOWAS",
        date="2023-08-28",
        author="Amina Diallo",
        outlet="The Sahel Courier",
        url="https://sahelcourier.example/world/2023/niger-togo-mediation",
    ),
    TestPage(
        path="/news/protest-french-base",
        body=OPENGRAPH_PAGE.encode("utf-8"),
        sentences=HERALD_STORY,
        boilerplate=HERALD_BOILERPLATE,
        title="Protesters in Niamey demand French troops leave",
        date="2023-09-02",
        author="Ibrahim Moussa",
        outlet="Niamey Herald",
        url="https://niameyherald.example/news/protest-french-base",
        content_type="text/html",
    ),
    TestPage(
        path="/africa/junta-france-intervention.html",
        body=PLAIN_PAGE.encode("utf-8"),
        sentences=GAZETTE_STORY,
        boilerplate=GAZETTE_BOILERPLATE,
        title="Junta says France is preparing an intervention",
        date="2023-09-08",
        author="John Smith",
        outlet=None,
    ),
    TestPage(
        path="/fr/junte-declared",
        body=echo_page(declare=True).encode("cp1252"),
        sentences=ECHO_STORY,
        boilerplate=ECHO_BOILERPLATE,
        title="Niger : la junte refuse de céder",
        date="2023-08-20",
        author=None,
        outlet="L’Écho du Sahel",
        content_type="text/html",
    ),
    TestPage(
        path="/fr/junte-undeclared",
        body=echo_page(declare=False).encode("cp1252"),
        sentences=ECHO_STORY,
        boilerplate=ECHO_BOILERPLATE,
        title="Niger : la junte refuse de céder",
        date="2023-08-20",
        author=None,
        outlet="L’Écho du Sahel",
        content_type="text/html",
    ),
]


# --- A page with no date and no byline anywhere: a feed entry's stand in --------------------

BRIEF_STORY = [
    "Niger's junta has ordered the French ambassador to leave the country within 48 hours.",
    "The foreign ministry said the envoy had ignored an invitation to a meeting.",
    "France said the junta had no authority to make such a request.",
]


def brief_page(story: list[str] = BRIEF_STORY) -> bytes:
    return (
        "<html><head><title>Junta orders French ambassador out</title></head><body>"
        '<div class="menu"><a href="/">Front page</a></div>'
        f"<div class='story'><h1>Junta orders French ambassador out</h1>{paragraphs(story, 1)}"
        "</div></body></html>"
    ).encode()


# --- Feeds: RSS 2.0, Atom, RDF (RSS 1.0) --------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One feed entry: its link, id, title, date (RFC 3339 day) and author."""

    link: str
    guid: str
    title: str
    date: str = "2023-08-30"
    author: str = ""


def rss(title: str, items: list[Item]) -> bytes:
    entries = "".join(
        f"<item><title>{i.title}</title><link>{escape(i.link)}</link>"
        f'<guid isPermaLink="false">{i.guid}</guid>'
        f"<pubDate>{_rfc822(i.date)}</pubDate>"
        + (f"<dc:creator>{i.author}</dc:creator>" if i.author else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{title}</title><link>https://example.org/</link>"
        f"<description>News</description>{entries}</channel></rss>"
    ).encode()


def atom(title: str, items: list[Item]) -> bytes:
    entries = "".join(
        f'<entry><title>{i.title}</title><link href="{escape(i.link)}"/><id>{i.guid}</id>'
        f"<published>{i.date}T08:00:00Z</published><updated>{i.date}T08:00:00Z</updated>"
        + (f"<author><name>{i.author}</name></author>" if i.author else "")
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:{title}</id>"
        f"<updated>2023-09-01T00:00:00Z</updated>{entries}</feed>"
    ).encode()


def rdf(title: str, items: list[Item]) -> bytes:
    seq = "".join(f'<rdf:li resource="{escape(i.link)}"/>' for i in items)
    entries = "".join(
        f'<item rdf:about="{escape(i.link)}"><title>{i.title}</title>'
        f"<link>{escape(i.link)}</link><dc:date>{i.date}</dc:date>"
        + (f"<dc:creator>{i.author}</dc:creator>" if i.author else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="https://example.org/"><title>{title}</title>'
        "<link>https://example.org/</link><description>News</description>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>{entries}</rdf:RDF>"
    ).encode()


def _rfc822(day: str) -> str:
    parsed = date.fromisoformat(day)
    return format_datetime(datetime(parsed.year, parsed.month, parsed.day, 8, tzinfo=UTC))
