"""The pages in a real browser: Debian's headless Chromium driven by Selenium, against gunicorn started
as `make run` starts it. Selenium is given the driver's path, so Selenium Manager downloads nothing.

`make screenshot` runs the seed test with SCREENSHOT=docs/page.png to refresh the README's picture.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT
from .test_integration import curl

pytestmark = [pytest.mark.integration, pytest.mark.browser]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
BROWSER_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
CALENDAR_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2}(T.*)?)?|-W\d{2}|-Q[1-4])?")  # what the timeline can place
WAIT_S = 60


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    assert CHROMIUM.exists() and CHROMEDRIVER.exists(), (
        "the browser tests need Debian's chromium and chromium-driver (.ci/run installs them)"
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in [*BROWSER_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(
        executable_path=str(CHROMEDRIVER), log_output=subprocess.DEVNULL
    )  # the driver's chatter
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_window_size(1280, 1000)
    try:
        yield driver
    finally:
        driver.quit()


def drain_logs(driver) -> tuple[list[dict], list[str]]:
    """The console messages and the URLs of the network requests since the last call."""
    console = driver.get_log("browser")
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return console, urls


def assert_stays_on_origin(urls: list[str], origin: str) -> None:
    for url in urls:
        scheme = urlsplit(url).scheme
        if scheme in ("http", "https", "ws", "wss"):
            assert url.startswith(origin + "/"), f"a request left the service: {url}"
        else:
            assert scheme == "data", url  # inline images of the stylesheets


def open_page(driver, url: str, width: int = 1280) -> None:
    driver.set_window_size(width, 1000)
    driver.get("about:blank")
    drain_logs(driver)
    driver.get(url + "/")


def extract(driver, text: str, published_at: str = "") -> None:
    """Paste the text (as a paste does: the value changes at once), type published_at, press Extract."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script(
        "const area = document.getElementById('text'); area.value = arguments[0];"
        "area.dispatchEvent(new Event('input', {bubbles: true}));",
        text,
    )
    field = driver.find_element(By.ID, "published-at")
    field.clear()
    field.send_keys(published_at)
    form = driver.find_element(By.ID, "extract-form")
    driver.execute_script("arguments[0].removeAttribute('aria-busy')", form)
    driver.find_element(By.ID, "extract").click()
    WebDriverWait(driver, WAIT_S).until(lambda d: form.get_attribute("aria-busy") == "false")


def api_answer(url: str, text: str, published_at: str | None) -> dict:
    body = {"text": text} | ({"published_at": published_at} if published_at else {})
    status, answer = curl("-H", "Content-Type: application/json", "-d", json.dumps(body), f"{url}/v1/extract")
    assert status == 200
    return json.loads(answer)


def trigger_marks(driver) -> list[tuple[int, int, str]]:
    return [
        (int(start), int(end), text)
        for start, end, text in driver.execute_script(
            "return [...document.querySelectorAll('#marked mark.trigger')]"
            ".map(m => [m.dataset.start, m.dataset.end, m.textContent])"
        )
    ]


def spans_by_kind(answer: dict) -> dict[str, list[dict]]:
    events = answer["events"]
    return {
        "actor": [a for e in events for a in e["actors"]],
        "date": [e["date"] for e in events if e["date"] and e["date"]["start"] is not None] + answer["dates"],
        "place": [e["location"] for e in events if e["location"]]
        + [m for p in answer.get("places", []) for m in p.get("mentions", [p]) if m.get("start") is not None],
    }


def units(text: str, spans: list[dict]) -> set[int]:
    """The UTF-16 code units the spans cover (the browser's own offsets)."""

    def at(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2

    return {unit for span in spans for unit in range(at(span["start"]), at(span["end"]))}


def marked_units(driver, kind: str) -> set[int]:
    """The UTF-16 code units of the text that the page marked as ``kind``."""
    pieces = driver.execute_script(
        "const root = document.getElementById('marked');"
        "return [...root.querySelectorAll('.seg.' + arguments[0])].map(seg => {"
        "  const range = document.createRange(); range.setStart(root, 0); range.setEnd(seg, 0);"
        "  return [range.toString().length, seg.textContent.length]; });",
        kind,
    )
    return {unit for start, length in pieces for unit in range(start, start + length)}


def test_the_seed_article_is_marked_exactly_where_the_api_says(browser, server, seed):
    from selenium.webdriver.common.by import By

    open_page(browser, server)
    extract(browser, seed["text"], seed["published_at"])
    answer = api_answer(server, seed["text"], seed["published_at"])
    mentions = [m["trigger"] for e in answer["events"] for m in e["mentions"]]

    marks = trigger_marks(browser)
    assert len(marks) == len(mentions) == len({(t["start"], t["end"]) for t in mentions})
    assert {(s, e) for s, e, _ in marks} == {(t["start"], t["end"]) for t in mentions}
    for start, end, text in marks:
        assert text == seed["text"][start:end]  # code-point offsets, drawn on UTF-16 strings

    dated = [e for e in answer["events"] if e["date"] and CALENDAR_VALUE.fullmatch(e["date"]["value"])]
    assert dated
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline svg .tl-event")) == len(dated)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")) == len(answer["events"])
    for kind, spans in spans_by_kind(answer).items():
        assert marked_units(browser, kind) == units(seed["text"], spans), kind
    assert browser.find_elements(By.CSS_SELECTOR, "#marked .seg.actor[data-role]")
    assert not browser.find_element(By.ID, "warnings").text  # no offset disagreed with the text

    console, urls = drain_logs(browser)
    assert not [m for m in console if m["level"] == "SEVERE"], console
    assert_stays_on_origin(urls, server)
    assert f"{server}/v1/extract" in urls

    screenshot = os.environ.get("SCREENSHOT")
    if screenshot:  # make screenshot: the whole page as the README shows it, a trigger focused
        browser.execute_script("document.querySelector('#marked mark.trigger:nth-of-type(2)').focus()")
        shot = browser.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
        )
        (ROOT / screenshot).write_bytes(base64.b64decode(shot["data"]))


def test_astral_characters_do_not_shift_the_marks(browser, server):
    text = (
        "🇷🇺🇨🇳 𝐁𝐫𝐢𝐞𝐟: President Putin met Xi Jinping in Beijing on Thursday. 😀 Xi said the talks went well."
    )
    open_page(browser, server)
    extract(browser, text, "2024-05-16")
    marks = trigger_marks(browser)
    assert "met" in [t for _, _, t in marks]
    for start, end, mark_text in marks:
        assert text[start:end] == mark_text
    for kind, spans in spans_by_kind(api_answer(server, text, "2024-05-16")).items():
        assert marked_units(browser, kind) == units(text, spans), kind


def test_hovering_or_focusing_a_trigger_shows_its_event(browser, server, seed):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, server)
    extract(browser, seed["text"], seed["published_at"])
    answer = api_answer(server, seed["text"], seed["published_at"])
    event = next(e for e in answer["events"] if e["actors"] and e["date"] and e["location"])
    mark = browser.find_element(By.CSS_SELECTOR, f'mark.trigger[data-start="{event["trigger"]["start"]}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    ActionChains(browser).move_to_element(mark).perform()
    tooltip = browser.find_element(By.ID, "tooltip")
    assert tooltip.is_displayed()
    shown = tooltip.text
    for part in (event["type"], event["subtype"], f"CAMEO {event['cameo']}", event["date"]["value"],
                 event["location"]["name"], event["modality"], str(event["confidence"]), event["rule"]):  # fmt: skip
        assert part in shown, (part, shown)
    for actor in event["actors"]:
        assert f"{actor['name']} — {actor['role']}" in shown
    assert browser.find_elements(By.CSS_SELECTOR, "#marked .linked")  # its actors, date, place light up

    browser.find_element(By.ID, "extract").send_keys(Keys.ESCAPE)
    assert not tooltip.is_displayed()
    browser.execute_script("document.getElementById('extract').focus()")
    ActionChains(browser).send_keys(Keys.TAB).perform()  # from the button, through the form, to a mark
    for _ in range(10):
        if browser.switch_to.active_element.tag_name == "mark":
            break
        ActionChains(browser).send_keys(Keys.TAB).perform()
    focused = browser.switch_to.active_element
    assert focused.tag_name == "mark"
    assert tooltip.is_displayed() and "CAMEO" in tooltip.text


def date_start(value: str) -> date | None:
    """Where a calendar value starts (the table's date order); anything else sorts last."""
    if not CALENDAR_VALUE.fullmatch(value):
        return date.max
    year, _, rest = value.partition("-")
    if rest.startswith("W"):
        return date.fromisocalendar(int(year), int(rest[1:3]), 1)
    if rest.startswith("Q"):
        return date(int(year), 3 * int(rest[1]) - 2, 1)
    month, _, day = rest.partition("-")
    return date(int(year), int(month or 1), int(day[:2] or 1))


def test_the_table_sorts_by_date_and_type(browser, server, seed):
    from selenium.webdriver.common.by import By

    open_page(browser, server)
    extract(browser, seed["text"], seed["published_at"])

    def column(index: int) -> list[str]:
        cells = browser.find_elements(By.CSS_SELECTOR, f"#events tbody td:nth-child({index})")
        return [cell.text for cell in cells]

    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="date"]').click()
    dates = column(5)
    assert dates == sorted(dates, key=date_start)
    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="date"]').click()
    assert column(5) == sorted(dates, key=date_start, reverse=True)
    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="type"]').click()
    types = [cell.split()[0] for cell in column(2)]
    assert types == sorted(types)
    header = browser.find_element(By.CSS_SELECTOR, 'button[data-sort="type"]').find_element(By.XPATH, "..")
    assert header.get_attribute("aria-sort") == "ascending"
    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="confidence"]').click()
    confidences = [float(cell) for cell in column(8)]
    assert confidences == sorted(confidences)


def test_a_timeline_bar_leads_to_its_trigger(browser, server, seed):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, server)
    extract(browser, seed["text"], seed["published_at"])
    bar = browser.find_elements(By.CSS_SELECTOR, "#timeline .tl-event")[-1]
    event_id = bar.get_attribute("data-event")
    browser.execute_script("arguments[0].focus()", bar)
    bar.send_keys(Keys.ENTER)
    focused = browser.switch_to.active_element
    assert focused.tag_name == "mark"
    assert event_id in focused.get_attribute("data-events").split()


@pytest.mark.parametrize(
    ("text", "published_at", "field"),
    [("Putin met Xi Jinping.", "not a date", "published_at"), ("   ", "", "text")],
)
def test_a_problem_shows_its_title_and_detail(browser, server, text, published_at, field):
    from selenium.webdriver.common.by import By

    open_page(browser, server)
    extract(browser, text, published_at)
    body = {"text": text} | ({"published_at": published_at} if published_at else {})
    status, answer = curl(
        "-H", "Content-Type: application/json", "-d", json.dumps(body), f"{server}/v1/extract"
    )
    problem = json.loads(answer)
    assert status == 422
    box = browser.find_element(By.ID, "problem")
    assert box.is_displayed()
    assert browser.find_element(By.ID, "problem-title").text == problem["title"]
    assert browser.find_element(By.ID, "problem-detail").text == problem["detail"]
    assert field in browser.find_element(By.ID, "problem-errors").text
    assert not browser.find_element(By.ID, "results").is_displayed()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_fits_the_window(browser, server, seed, width, tmp_path):
    open_page(browser, server, width)
    extract(browser, seed["text"], seed["published_at"])
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= browser.execute_script("return window.innerWidth")  # no sideways scrolling
    timeline = browser.execute_script(
        "return document.querySelector('#timeline svg').getBoundingClientRect().width"
    )
    assert timeline <= width
    browser.save_screenshot(str(tmp_path / f"page-{width}.png"))


def test_docs_load_from_the_service_alone_and_try_it_out_works(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(1280, 1000)
    browser.get("about:blank")
    drain_logs(browser)
    browser.get(f"{server}/docs")
    wait = WebDriverWait(browser, WAIT_S)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#operations-default-healthz"))
    operations = browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    assert {"/v1/extract", "/v1/extract/batch", "/v1/info"} <= {
        op.text.replace("\u200b", "") for op in operations
    }

    browser.find_element(By.CSS_SELECTOR, "#operations-default-healthz .opblock-summary-control").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#operations-default-healthz .execute"))
    browser.find_element(By.CSS_SELECTOR, "#operations-default-healthz .execute").click()
    wait.until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#operations-default-healthz .live-responses-table")
    )
    result = browser.find_element(By.CSS_SELECTOR, "#operations-default-healthz .live-responses-table").text
    assert "200" in result and '"ok"' in result

    console, urls = drain_logs(browser)
    assert not console, console  # no error, no warning
    assert_stays_on_origin(urls, server)
    assert f"{server}/healthz" in urls


def test_problem_types_in_answers_open_their_section(browser, server):
    from selenium.webdriver.common.by import By

    status, answer = curl("-H", "Content-Type: application/xml", "-d", "<a/>", f"{server}/v1/extract")
    assert status == 415
    browser.get(server + json.loads(answer)["type"])
    slug = json.loads(answer)["type"].partition("#")[2]
    assert "415 Unsupported Media Type" in browser.find_element(By.ID, slug).text
