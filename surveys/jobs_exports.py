"""Background jobs of the survey exports: the raw answers of a survey too large for a request."""

from __future__ import annotations

from pmis.core.jobs import JobError, JobOutput, Progress, job_handler
from pmis.core.models import Job
from pmis.core.texts import msg

ANSWERS_EXPORT = "surveys.answers_export"


@job_handler(ANSWERS_EXPORT, queue="documents")
def answers_export(job: Job, progress: Progress) -> JobOutput:
    """The raw answers of a survey (chosen versions), for its requester if they still own the survey."""
    from surveys import permissions
    from surveys.exports import answers_workbook
    from surveys.models import Survey

    survey = Survey.objects.filter(pk=job.params.get("survey_id"), is_template=False).first()
    if survey is None:
        raise JobError(msg("The survey no longer exists."))
    if not permissions.can_read_texts(job.requested_by, survey):
        raise JobError(msg("Only the survey's owners export its answers."))
    versions = [int(v) for v in job.params.get("versions") or []]
    progress(2, msg("Exporting the answers"))

    def tracked(done: int, total: int) -> None:
        if total:
            progress(2 + int(95 * done / total), msg("Exported %(n)s of %(total)s", n=done, total=total))

    content = answers_workbook(survey, versions, progress=tracked)
    return JobOutput(
        filename=f"survey-{survey.pk}-answers.xlsx",
        content=content,
        message=msg("Answers of survey %(pk)s exported.", pk=survey.pk),
    )
