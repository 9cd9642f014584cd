"""Counts in pages are written as the page's language writes them (thousands grouped)."""

from django.template import Context, Template


def render(text: str, **context) -> str:
    return Template("{% load money %}" + text).render(Context(context))


def test_a_count_groups_its_thousands_the_vietnamese_or_the_english_way():
    assert render("{{ n|count:'vi' }}/{{ m|count:'vi' }}", n=83, m=2634) == "83/2.634"
    assert render("{{ m|count:'en' }}", m=10599) == "10,599"
    assert render("{{ m|count:'en-us' }}", m=1000000) == "1,000,000"


def test_what_is_not_a_whole_number_is_shown_as_given():
    assert render("{{ x|count:'vi' }}|{{ y|count:'vi' }}|{{ z|count:'vi' }}", x="—", y=None, z=True) == "—|None|True"
