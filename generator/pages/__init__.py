"""One planner per kind of page, in the order the site is planned. Each takes the `Planning` and returns
the pages of its kind (`plan.PagePlan`)."""

from __future__ import annotations

from generator.pages import articles, chronology, entities, feeds, fixed, free, home, network, stubs, topics, whole

PLANNERS = (home.plan, articles.plan, stubs.plan, topics.plan, free.plan, entities.plan, network.plan,
            chronology.plan, whole.plan, fixed.plan, feeds.plan)
