"""{% results_link position %}: a link to the position's published results (R-25.2), or nothing; beside the
shortlist's link on the public position page, so the public reaches the results by clicking."""

from django import template

from ..models import Evaluation

register = template.Library()


@register.inclusion_tag("scoring/_results_link.html")
def results_link(position):
    evaluation = Evaluation.objects.filter(position_id=position.pk, status="published").only("id").first()
    return {"evaluation": evaluation}
