from django import template

from chiso.dashboard import charts

register = template.Library()


@register.simple_tag
def progress_bar(baseline, latest, target, maximum):
    return charts.progress(baseline, latest, target, maximum)


@register.simple_tag
def status_bar(counts):
    return charts.mix(counts)
