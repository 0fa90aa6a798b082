"""Surveys: the builder (surveys, versions, sections, questions, choices), customer campaigns (waves,
invitations), answers (responses, answers, free-text reviews, themes, abuse marks) and the population shares
the citizen results are weighted to."""

from surveys.models.builder import Choice, Question, Section, Survey, SurveyVersion
from surveys.models.campaigns import Campaign, Invitation, Wave
from surveys.models.feedback import Feedback, FeedbackRateBucket
from surveys.models.responses import Answer, DeviceMark, RateBucket, Response, TextReview, Theme
from surveys.models.weighting import PopulationReference, PopulationShare

__all__ = [
    "Answer",
    "Campaign",
    "Choice",
    "DeviceMark",
    "Feedback",
    "FeedbackRateBucket",
    "Invitation",
    "PopulationReference",
    "PopulationShare",
    "Question",
    "RateBucket",
    "Response",
    "Section",
    "Survey",
    "SurveyVersion",
    "TextReview",
    "Theme",
    "Wave",
]
