"""Temporal tagging and TIMEX3 normalization: one case per rule family and per dateparser trap.

Sentences are our own. The reference is 2024-05-16, a Thursday, unless a case says otherwise.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from service.events.model import Reference
from service.events.temporal import TemporalTagger, calendar_date
from service.events.temporal.absolute import parse_date

THURSDAY = "2024-05-16"


@pytest.fixture(scope="module")
def tagger() -> TemporalTagger:
    return TemporalTagger()


def tag(nlp, tagger, text, published_at=THURSDAY):
    reference = Reference(dt.datetime.fromisoformat(published_at), "published_at") if published_at else None
    return tagger(nlp(text), reference, text)


def only(expressions, text):
    """The one expression whose text is ``text``."""
    found = [e for e in expressions if e.text == text]
    assert len(found) == 1, [(e.text, e.value) for e in expressions]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "type_", "value"),
    [
        # weekdays: the tense decides the direction; the publication day itself is "Thursday"
        ("The minister vowed Thursday to resign.", "Thursday", "DATE", "2024-05-16"),
        ("The minister will travel to Paris on Friday.", "Friday", "DATE", "2024-05-17"),
        ("The two leaders met Monday in Beijing.", "Monday", "DATE", "2024-05-13"),
        ("The two leaders will meet Monday in Beijing.", "Monday", "DATE", "2024-05-20"),
        ("The two leaders are scheduled to meet on Tuesday.", "Tuesday", "DATE", "2024-05-21"),
        ("The peace process, set to resume Monday, is in doubt.", "Monday", "DATE", "2024-05-20"),
        ("The trial is to resume on Tuesday.", "Tuesday", "DATE", "2024-05-21"),
        ("The contract had been due to expire Tuesday.", "Tuesday", "DATE", "2024-05-14"),
        ("Rebels attacked the town late Thursday night.", "late Thursday night", "TIME", "2024-05-16TNI"),
        ("Rebels attacked the town on Wednesday morning.", "Wednesday morning", "TIME", "2024-05-15TMO"),
        ("The ceasefire collapsed last Friday.", "last Friday", "DATE", "2024-05-10"),
        ("The envoy arrives next Tuesday.", "next Tuesday", "DATE", "2024-05-21"),
        # a day counted from a named weekday or holiday
        (
            "The day before last Tuesday's hearing, the lawyer flew home.",
            "The day before last Tuesday",
            "DATE",
            "2024-05-13",
        ),
        ("He resigned the day after Monday's vote.", "the day after Monday", "DATE", "2024-05-14"),
        ("Shops reopened the day after Christmas.", "the day after Christmas", "DATE", "2023-12-26"),
        # "most recently" before a date only points at it
        ("Three mayors were killed, most recently last October.", "last October", "DATE", "2023-10"),
        # deictic days and parts of day
        ("Parliament voted today on the budget.", "today", "DATE", "2024-05-16"),
        ('"Today, we mourn," the mayor said.', "Today", "DATE", "2024-05-16"),
        ("Parliament voted yesterday on the budget.", "yesterday", "DATE", "2024-05-15"),
        ("Protesters gathered last night outside the palace.", "last night", "TIME", "2024-05-15TNI"),
        ("The talks resume tomorrow.", "tomorrow", "DATE", "2024-05-17"),
        # units relative to the publication time
        ("Prices rose last month.", "last month", "DATE", "2024-04"),
        ("The talks collapsed last week.", "last week", "DATE", "2024-W19"),
        ("The summit ends next week.", "next week", "DATE", "2024-W21"),
        ("Exports fell this year.", "this year", "DATE", "2024"),
        ("The company cut jobs earlier this year.", "earlier this year", "DATE", "2024"),
        ("Elections are due next year.", "next year", "DATE", "2025"),
        ("The border reopened two years ago.", "two years ago", "DATE", "2022"),
        ("The border reopened three weeks ago.", "three weeks ago", "DATE", "2024-W17"),
        ("Fighting resumed over the weekend.", "the weekend", "DATE", "2024-W19-WE"),
        # months and dates without a year: the nearest one, moved by the tense
        ("The treaty was signed in March.", "March", "DATE", "2024-03"),
        ("The treaty will be signed in September.", "September", "DATE", "2024-09"),
        ("The treaty was signed in September.", "September", "DATE", "2023-09"),
        ("The treaty was signed on March 3.", "March 3", "DATE", "2024-03-03"),
        ("The treaty was signed last April.", "last April", "DATE", "2024-04"),
        ("The treaty was signed in July last year.", "July last year", "DATE", "2023-07"),
        ("He was shot last Oct. 23 at his home.", "last Oct. 23", "DATE", "2023-10-23"),
        ("Police have been searching for him since the Oct. 23 attack.", "Oct. 23", "DATE", "2023-10-23"),
        ("A hearing is set for the week of June 3.", "the week of June 3", "DATE", "2024-W23"),
        # absolute dates
        ("The treaty was signed on Aug. 7, 1998, in Nairobi.", "Aug. 7, 1998", "DATE", "1998-08-07"),
        ("The treaty was signed on 7 August 1998 in Nairobi.", "7 August 1998", "DATE", "1998-08-07"),
        ("The treaty was signed in March 1996.", "March 1996", "DATE", "1996-03"),
        ("The treaty was signed in 1996.", "1996", "DATE", "1996"),
        ("The party was founded in nineteen ninety-one.", "nineteen ninety-one", "DATE", "1991"),
        ("Prices fell in January nineteen ninety-seven.", "January nineteen ninety-seven", "DATE", "1997-01"),
        ("The goal is to halve it by the year two thousand.", "the year two thousand", "DATE", "2000"),
        ("The accord was signed on 08/07/1998.", "08/07/1998", "DATE", "1998-08-07"),
        ("L'accord a été signé le 7 août 1998.", "7 août 1998", "DATE", "1998-08-07"),
        # decades, centuries, quarters, halves, seasons, fiscal years, holidays
        ("Growth was strong in the 1990s.", "the 1990s", "DATE", "199"),
        ("Growth was strong in the late nineties.", "the late nineties", "DATE", "199"),
        ("It is an 11th century temple.", "11th century", "DATE", "10"),
        ("Sales fell in the first quarter.", "the first quarter", "DATE", "2024-Q1"),
        ("Profit rose in the third quarter.", "the third quarter", "DATE", "2023-Q3"),
        ("Profit will rise in the third quarter.", "the third quarter", "DATE", "2024-Q3"),
        ("Its third-quarter loss narrowed.", "third-quarter", "DATE", "2023-Q3"),
        ("Profit doubled in the second half of 2023.", "the second half of 2023", "DATE", "2023-H2"),
        ("The strike began last summer.", "last summer", "DATE", "2023-SU"),
        ("The strike will end this summer.", "this summer", "DATE", "2024-SU"),
        ("The company earned $5 million in fiscal 2023.", "fiscal 2023", "DATE", "2023"),
        ("The boy was found on Thanksgiving Day.", "Thanksgiving Day", "DATE", "2023-11-23"),
        ("Pilgrims gathered on Good Friday.", "Good Friday", "DATE", "2024-03-29"),
        ("Pilgrims gathered as Easter week began.", "Easter week", "DATE", "2024-W13"),
        # present, past and future references
        ("The rebels now control the city.", "now", "DATE", "PRESENT_REF"),
        ("Now the rebels control the city.", "Now", "DATE", "PRESENT_REF"),  # no comma: a time, not a marker
        ("Investors worry about the future.", "the future", "DATE", "FUTURE_REF"),
        ("The minister recently resigned.", "recently", "DATE", "PAST_REF"),
        ("The minister currently lives abroad.", "currently", "DATE", "PRESENT_REF"),
        ("Crime has risen in recent years.", "recent years", "DATE", "PAST_REF"),
        ("Costs have soared in recent months.", "recent months", "DURATION", "PXM"),
        ("The firm plans a listing in the near future.", "the near future", "DATE", "FUTURE_REF"),
        ("Margins may suffer in the short term.", "the short term", "DATE", "FUTURE_REF"),
        ("The rebels must leave as soon as possible.", "as soon as possible", "DATE", "FUTURE_REF"),
        ("Farmers expect more rain in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        ("Margins have shrunk in recent quarters.", "recent quarters", "DURATION", "PXM"),
        ("Funds have sold bonds in recent weeks and months.", "recent weeks and months", "DATE", "PAST_REF"),
        ("You may save more lives in a year or two.", "a year or two", "DATE", "FUTURE_REF"),
        ("The appeal could take as long as a month or two.", "a month", "DURATION", "P1M"),
        ("Holders may buy shares at the then current price.", "then current", "DATE", "PAST_REF"),
        ("The loss will cut taxes in future years.", "future years", "DATE", "FUTURE_REF"),
        ("Analysts see weak demand in coming quarters.", "coming quarters", "DATE", "FUTURE_REF"),
        ("The bonds will be sold at a later date.", "a later date", "DATE", "FUTURE_REF"),
        ("The index fell for five trading days.", "five trading days", "DURATION", "P5D"),
        ("Lawyers left their third day-long meeting.", "day-long", "DURATION", "P1D"),
        ("It ended a decades-long feud.", "a decades-long", "DURATION", "PXY"),
        ("Wages lagged inflation in the last decade.", "the last decade", "DATE", "201"),
        ("Wages lagged inflation over the past decade.", "the past decade", "DURATION", "P10Y"),
        (
            "Net for the year-earlier nine months included a gain.",
            "the year-earlier nine months",
            "DURATION",
            "P9M",
        ),
        ("Today is the third day of the strike.", "the third day", "DATE", "2024-05-16"),
        # durations
        ("The talks lasted two days.", "two days", "DURATION", "P2D"),
        ("The talks lasted more than four hours.", "more than four hours", "DURATION", "PT4H"),
        ("The talks lasted about two weeks.", "two weeks", "DURATION", "P2W"),
        ("He served a two-year term.", "two-year", "DURATION", "P2Y"),
        ("Sales rose over the past three months.", "the past three months", "DURATION", "P3M"),
        ("The war lasted nearly a decade.", "nearly a decade", "DURATION", "P10Y"),
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
        ("The region was ruled for centuries.", "centuries", "DURATION", "PXC"),
        ("The refugees waited for weeks.", "weeks", "DURATION", "PXW"),
        ("The talks lasted a few days.", "a few days", "DURATION", "PXD"),
        ("The pilot called back a minute and a half later.", "a minute and a half", "DURATION", "PT1M30S"),
        ("The trial lasted two years and a half.", "two years and a half", "DURATION", "P2Y6M"),
        (
            "Prices should hold through the first two quarters of 2025.",
            "the first two quarters of 2025",
            "DATE",
            "2025-H1",
        ),
        ("The company had losses in the last two quarters.", "the last two quarters", "DURATION", "P6M"),
        # sets
        ("The committee meets every week.", "every week", "SET", "P1W"),
        ("The committee meets each Thursday.", "each Thursday", "SET", "XXXX-WXX-4"),
        ("Pilgrims gather in the town each August.", "each August", "SET", "XXXX-08"),
        ("The market is closed on Sundays.", "Sundays", "SET", "XXXX-WXX-7"),
        ("New ferries will sail on Friday nights from June.", "Friday nights", "SET", "XXXX-WXX-5TNI"),
        ("Two flights leave on Monday and Tuesday nights.", "Monday", "SET", "XXXX-WXX-1TNI"),
        ("The clinic opens on Monday and Thursday.", "Monday", "DATE", "2024-05-13"),
        ("Rallies were held almost daily.", "daily", "SET", "P1D"),
        ("The airline runs four flights a week.", "a week", "SET", "P1W"),
        ("He was given a week to leave.", "a week", "DURATION", "P1W"),
        # times with their day are one expression
        (
            "The summit will open at 9 a.m. local time on Monday.",
            "9 a.m. local time on Monday",
            "TIME",
            "2024-05-20T09:00",
        ),
        ("The offer expires at 5 p.m. EST Nov. 9.", "5 p.m. EST Nov. 9", "TIME", "2024-11-09T17:00"),
        ("The deadline was noon Wednesday.", "noon Wednesday", "TIME", "2024-05-15T12:00"),
        ("The offer had been scheduled to expire Friday.", "Friday", "DATE", "2024-05-10"),
        ("The offer is scheduled to expire Friday.", "Friday", "DATE", "2024-05-17"),
        # "until" closes a state: one that holds now (present, present perfect) ends ahead
        (
            "The agency has given the relatives until 9 a.m. Tuesday to sign the paper.",
            "9 a.m. Tuesday",
            "TIME",
            "2024-05-21T09:00",
        ),
        ("The rebels have until Friday to leave the city.", "Friday", "DATE", "2024-05-17"),
        ("The court has extended the deadline until Monday.", "Monday", "DATE", "2024-05-20"),
        ("The talks lasted until Tuesday.", "Tuesday", "DATE", "2024-05-14"),
        ("He had been given until Tuesday to answer.", "Tuesday", "DATE", "2024-05-14"),
        ("Shares rose by mid-afternoon yesterday.", "mid-afternoon yesterday", "TIME", "2024-05-15TAF"),
        # an approximator is part of the extent (TIMEX3 mod): "nearly", "at least" before a
        # duration, "around" before a clock time; "about" (before a duration or a clock time) and "over" before
        # "the"/a count may be a preposition and stay outside; "over a week" means more than a week
        ("The siege lasted nearly two years.", "nearly two years", "DURATION", "P2Y"),
        ("Holders must keep the shares for at least 30 days.", "at least 30 days", "DURATION", "P30D"),
        # "almost" before a bare duration stays outside (both corpora), inside before "ago" (both corpora)
        ("The talks went on for almost a hundred years.", "a hundred years", "DURATION", "P100Y"),
        ("The war ended almost two years ago.", "almost two years ago", "DATE", "2022"),
        ("The gunmen entered the store around 7:15 p.m.", "around 7:15 p.m.", "TIME", "2024-05-16T19:15"),
        ("The minister was talking about three days of talks.", "three days", "DURATION", "P3D"),
        (
            "The slump will last through at least the first two quarters of 2025.",
            "at least the first two quarters of 2025",
            "DATE",
            "2025-H1",
        ),
        ("The blast hit at about 10:35 a.m. on Friday.", "10:35 a.m. on Friday", "TIME", "2024-05-10T10:35"),
        ("The inspectors will stay over a week.", "over a week", "DURATION", "P1W"),
        ("He was declared dead just over an hour later.", "over an hour", "DURATION", "PT1H"),
        ("The party was banned just a decade ago.", "a decade ago", "DATE", "2014"),
        ("The union was founded only two years ago.", "two years ago", "DATE", "2022"),
        ("The plant will close over the next year or so.", "the next year or so", "DATE", "2025"),
        ("Shares may double over the next two years or so.", "the next two years or so", "DURATION", "P2Y"),
        # the determiner belongs to the expression, not to the noun a quarter-adjective modifies
        ("Prices were down from the previous Friday.", "the previous Friday", "DATE", "2024-05-10"),
        ("Sales recovered from the lows of the early summer.", "the early summer", "DATE", "2023-SU"),
        (
            "It lost $8 million in the fiscal second-quarter results.",
            "fiscal second-quarter",
            "DATE",
            "2024-Q2",
        ),
        # a time before a simple-past plan verb dates the act of planning; after it, the plan's time
        ("On Friday, the government planned to pay the families.", "Friday", "DATE", "2024-05-10"),
        ("The government on Monday postponed the vote.", "Monday", "DATE", "2024-05-13"),
        ("Protesters planned a large demonstration on Saturday.", "Saturday", "DATE", "2024-05-18"),
        ("The team planned to leave Nairobi on Friday.", "Friday", "DATE", "2024-05-17"),
        ("For Friday, the union planned a strike.", "Friday", "DATE", "2024-05-17"),
        # news forms: a day counted from a day, the unit before last, the same time a year ago
        ("The talks resume a week from Friday.", "a week from Friday", "DATE", "2024-05-24"),
        ("The results are due two weeks from today.", "two weeks from today", "DATE", "2024-05-30"),
        ("The law takes effect a year from tomorrow.", "a year from tomorrow", "DATE", "2025-05-17"),
        ("Sales are down from this time last year.", "this time last year", "DATE", "2023-05-16"),
        ("He resigned the week before last.", "the week before last", "DATE", "2024-W18"),
        ("The law passed the year before last.", "the year before last", "DATE", "2022"),
        ("Rebels shelled the city overnight, killing 12.", "overnight", "TIME", "2024-05-15TNI"),
        ("London shares fell on overnight losses in New York.", "overnight", "TIME", "2024-05-15TNI"),
        ("The envoy will stay overnight in Kabul.", "overnight", "TIME", "2024-05-16TNI"),
        ("He was released the next morning.", "the next morning", "TIME", "2024-05-17TMO"),
        # an unnamed stretch next to an event: the extent is the unit ("a matter of days" is not a time)
        ("His car was seen in the weeks before the shooting.", "weeks", "DURATION", "PXW"),
        ("He crossed the border days after the attack.", "days", "DURATION", "PXD"),
        ("In the months leading up to the vote, prices rose.", "months", "DURATION", "PXM"),
        # news forms already right, kept so: they feed event dates
        ("The vote was held on Nov. 3.", "Nov. 3", "DATE", "2023-11-03"),
        ("The vote will be held on 3 Nov 2024.", "3 Nov 2024", "DATE", "2024-11-03"),
        ("Growth should pick up by mid-2023.", "mid-2023", "DATE", "2023"),
        ("Prices rose sharply in the 1990s.", "the 1990s", "DATE", "199"),
        ("Prices rose sharply over the past decade.", "the past decade", "DURATION", "P10Y"),
        ("The rebels attacked late Tuesday.", "late Tuesday", "DATE", "2024-05-14"),
        ("The minister resigned earlier this month.", "earlier this month", "DATE", "2024-05"),
        ("Fighting has intensified in recent weeks.", "recent weeks", "DURATION", "PXW"),
        ("He had arrived the day before.", "the day before", "DATE", "2024-05-15"),
        ("Thousands gathered on New Year's Eve.", "New Year's Eve", "DATE", "2023-12-31"),
        ("Officials will decide the day after tomorrow.", "the day after tomorrow", "DATE", "2024-05-18"),
        ("Polls will close at 8 p.m. ET on Tuesday.", "8 p.m. ET on Tuesday", "TIME", "2024-05-21T20:00"),
        # year-end: the coming one, or the last one after "since"
        ("The sale should close by year-end.", "year-end", "DATE", "2024-12-31"),
        ("The index has gained 4% since year-end.", "year-end", "DATE", "2023-12-31"),
        ("The rules should be in place by year's end.", "year's end", "DATE", "2024"),
        ("The plant will close by year end.", "year end", "DATE", "2024"),
    ],
)
def test_value(nlp, tagger, text, span, type_, value):
    expression = only(tag(nlp, tagger, text), span)
    assert (expression.type, expression.value) == (type_, value)


@pytest.mark.parametrize(
    ("text", "published_at", "span", "value"),
    [
        # year boundaries: a December article's "January", future tense, is next year's
        ("The law will take effect in January.", "2024-12-20", "January", "2025-01"),
        ("Sales fell in December.", "2025-01-10", "December", "2024-12"),
        ("The payment is due Jan. 2.", "2024-11-02", "Jan. 2", "2025-01-02"),
        # dateparser trap: a bare weekday across a year boundary (Wednesday 2025-01-01)
        ("The minister resigned on Friday.", "2025-01-01", "Friday", "2024-12-27"),
        ("The minister will resign on Friday.", "2025-01-01", "Friday", "2025-01-03"),
        # dateparser trap: "last/next <weekday>" (it returns None for these)
        ("The ceasefire collapsed last Monday.", "2025-01-01", "last Monday", "2024-12-30"),
        ("The envoy arrives next Monday.", "2025-01-01", "next Monday", "2025-01-06"),
        # dateparser trap: PREFER_DATES_FROM ignores the relative base; the year must come from the
        # publication time, never from the server clock
        ("Sales fell in March.", "2019-06-01", "March", "2019-03"),
        ("The vote will be held in March.", "2019-06-01", "March", "2020-03"),
        # a month that names a noun's event ("a June agreement") takes no tense: the nearest one
        ("The bank is trying to sell itself under a June agreement.", "2019-10-27", "June", "2019-06"),
        ("The vote was held on Tuesday.", "1998-02-13", "Tuesday", "1998-02-10"),
    ],
)
def test_reference_edges(nlp, tagger, text, published_at, span, value):
    assert only(tag(nlp, tagger, text, published_at), span).value == value


@pytest.mark.parametrize(
    ("text", "span", "value", "anchor"),
    [
        ("Prices rose last month.", "last month", "2024-04", "published_at"),
        ("The treaty was signed on Aug. 7, 1998.", "Aug. 7, 1998", "1998-08-07", None),
        (
            "The treaty was signed on March 3, 2024. The day before, talks broke down.",
            "The day before",
            "2024-03-02",
            "previous_date",
        ),
        (
            "The firm was sold in March. The following month, its chief resigned.",
            "The following month",
            "2024-04",
            "previous_date",
        ),
        ("Troops left in 1988. The embargo ended that year.", "that year", "1988", "previous_date"),
        ("The summit will be held on June 24 and 25.", "25", "2024-06-25", "previous_date"),
        (
            "The rights expire on June 30. Until then, the shares convert.",
            "then",
            "2024-06-30",
            "previous_date",
        ),
        (
            "Shares closed at 98 on March 8, down from 103 the previous Friday.",
            "the previous Friday",
            "2024-03-01",
            "previous_date",
        ),
        (
            "Markets fell on March 3, the day before the election.",
            "the day",
            "2024-03-03",
            "previous_date",
        ),
        (
            "The mayor was shot on March 3. His aide was arrested the day after his death.",
            "the day after",
            "2024-03-04",
            "previous_date",
        ),
        (
            "First-quarter profit rose to $5 million from $4 million a year earlier.",
            "a year earlier",
            "2023-Q1",
            "previous_date",
        ),
        (
            "Losses may last through the third quarter of 2025. In the year-ago period, it earned $9 million.",
            "the year-ago period",
            "2023-Q1",
            "published_at",
        ),
        (
            "In the first nine months, net rose to $30 million from $20 million in the 2023 period.",
            "the 2023 period",
            "2023",
            None,
        ),
        (
            "Sales rose 8% in the latest period, the company said.",
            "the latest period",
            "2024-Q1",
            "published_at",
        ),
        (
            "Profit rose 5% to $9 million, from $8 million a year earlier.",
            "a year earlier",
            "2023",
            "published_at",
        ),
        (
            "The blast occurred at 10:35 a.m. (0735 GMT) on Friday.",
            "10:35 a.m.",
            "2024-05-10T10:35",
            "previous_date",
        ),
        (
            "The blast occurred at 10:35 a.m. local time.",
            "10:35 a.m. local time",
            "2024-05-16T10:35",
            "published_at",
        ),
    ],
)
def test_anchor(nlp, tagger, text, span, value, anchor):
    expression = only(tag(nlp, tagger, text), span)
    assert (expression.value, expression.anchor) == (value, anchor)


@pytest.mark.parametrize(
    "text",
    [
        "A 52-year-old man was arrested.",  # ages are not durations
        "Mr. Smith, 52 years old, will succeed him.",
        "Iraq imports about three-quarters of its food.",  # nor are fractions of a thing
        "Prices may fall and the market may march on.",  # lower-case month names are verbs
        "It was a second betrayal.",
        "The company paid $1,990 for it.",  # a number, not a year
        "The cuts save $500 million a year.",  # the rate of an amount, not a time
        "She toured the plant and left the day before signing the deal.",  # "before" takes a clause
        "On the first day of the trial, the judge fell ill.",  # a past day of an event, not the reference
        "Police killed 24 and 25 were wounded.",  # a number after "and" is a day only after a date
        "Traders who sold that day lost money.",  # "that day" with no day named before is generic
        "Until then, nobody knew him.",
        "The central bank raised the overnight rate.",  # money-market terms, not a night
        "It is only a matter of days before the deal collapses.",
        "Guards watch the house 24 hours a day.",  # idioms and names holding a time word
        "The poster showed a scene from High Noon.",
        "Thousands joined the annual March for Life.",
        "Music shapes today's youth.",
        'The senator said on ABC\'s "This Week" that the vote was close.',  # programme and paper names
        "He told USA Today that the plan was dead.",
        "Sales slumped. Now, the board says, the plant must close.",  # a sentence-opening discourse marker
        "Currently, three firms share the market.",
        "Trade is vital to the future of both nations.",  # the noun's sense, not a time
        "The mayor admitted the future looks bleak.",
    ],
)
def test_not_temporal(nlp, tagger, text):
    assert tag(nlp, tagger, text) == []


def test_a_part_of_day_counted_from_the_day_named_before(nlp, tagger):
    text = "The rebels attacked on Monday. That night, troops moved in; the next morning they left."
    found = [(e.text, e.value) for e in tag(nlp, tagger, text)]
    assert found == [
        ("Monday", "2024-05-13"),
        ("That night", "2024-05-13TNI"),
        ("the next morning", "2024-05-14TMO"),
    ]


def test_overnight_does_not_move_the_focus(nlp, tagger):
    """A side remark on last night must not become the day "the previous Friday" counts from."""
    text = "Shares closed lower Friday, hit by overnight losses, down from the previous Friday."
    found = [(e.text, e.value) for e in tag(nlp, tagger, text, published_at="2024-05-20")]
    assert found == [
        ("Friday", "2024-05-17"),
        ("overnight", "2024-05-19TNI"),
        ("the previous Friday", "2024-05-10"),
    ]


def test_a_time_restated_in_another_zone_is_not_a_year(nlp, tagger):
    """Wire copy restates a local time in GMT: "(1915 GMT)" is not the year 1915."""
    found = tag(nlp, tagger, "The blast occurred at 3:15 p.m. (1915 GMT) near the port.")
    assert [(e.text, e.value) for e in found] == [("3:15 p.m.", "2024-05-16T15:15")]


def test_without_reference_values_stay_underspecified(nlp, tagger):
    found = tag(nlp, tagger, "Officials met on Thursday and will meet again next month.", None)
    assert [(e.text, e.value, e.anchor) for e in found] == [
        ("Thursday", "XXXX-WXX-4", None),
        ("next month", "XXXX-XX", None),
    ]


def test_reference_from_dateline(nlp, tagger):
    doc = nlp("WASHINGTON, May 16, 2024 — Officials met on Tuesday to discuss the budget.")
    reference = tagger.find_reference(doc, doc.text)
    assert (reference.value, reference.source, reference.span.text) == (
        dt.datetime(2024, 5, 16),
        "dateline",
        "May 16, 2024",
    )
    assert only(tagger(doc, reference, doc.text), "Tuesday").value == "2024-05-14"
    assert only(tagger(doc, reference, doc.text), "Tuesday").anchor == "dateline"


def test_no_reference_without_a_full_date(nlp, tagger):
    doc = nlp("Officials met on Tuesday to discuss the budget.")
    assert tagger.find_reference(doc, doc.text) is None


PARAGRAPH = (
    "NAIROBI, Kenya (AP) — Bombs exploded outside the U.S. embassies in Kenya and Tanzania on Friday, "
    "killing dozens. The ambassador said Saturday that investigators would arrive in two days. Last year, "
    "in the third quarter, the embassy was warned; a year earlier it had asked for more guards. “We now "
    "know more,” he said at 10:35 a.m. (0735 GMT) on Aug. 8, 1998. Every week since the 1990s, "
    "officials have met twice a month. The next review is scheduled for early next year, about 18 months "
    "after the last one — or sometime in the first half of 1999."
)


def test_offsets_and_order(nlp, tagger):
    found = tag(nlp, tagger, PARAGRAPH, "1998-08-08")
    assert len(found) >= 12
    for expression in found:
        assert PARAGRAPH[expression.start : expression.end] == expression.text
        assert expression.type in ("DATE", "TIME", "DURATION", "SET")
        assert expression.rule
    starts = [e.start for e in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_code_point_offsets_after_astral_characters(nlp, tagger):
    text = "🇰🇪 Officials met on Friday. 😀 They will meet again next week."
    for expression in tag(nlp, tagger, text):
        assert text[expression.start : expression.end] == expression.text


def test_dateparser_is_cached():
    parse_date.cache_clear()
    assert parse_date("08/07/1998") == dt.date(1998, 8, 7)
    assert parse_date("08/07/1998") == dt.date(1998, 8, 7)
    assert parse_date.cache_info().hits == 1


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2024-05-16TNI", "2024-05-16"),
        ("2024-05-16T09:00", "2024-05-16"),
        ("2024-W19", "2024-W19"),
        ("P2D", "P2D"),
    ],
)
def test_calendar_date(value, date):
    assert calendar_date(value) == date


def test_most_recently_before_a_date_is_not_a_second_expression(nlp, tagger):
    found = tag(nlp, tagger, "Three mayors were killed, most recently in March.")
    assert [(e.text, e.value) for e in found] == [("March", "2024-03")]
    assert (
        only(tag(nlp, tagger, "The rebels most recently struck the capital."), "most recently").value
        == "PAST_REF"
    )


def test_day_before_a_weekday_without_reference(nlp, tagger):
    found = tag(nlp, tagger, "He left the day before Tuesday's vote.", None)
    assert [(e.text, e.value) for e in found] == [("the day before Tuesday", "XXXX-WXX-1")]
