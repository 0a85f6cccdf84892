"""Turn-taking in transcripts without speaker labels, and roles for generic speaker labels.

A speech recogniser's output (whisper "[mm:ss.mmm --> ...]" text, "[mm:ss]" lines, captions without
voice tags) says what was said and when, not who said it. `split_turns` reads the sentences in order
and decides, from content and timing, where the interviewer stops and the candidate starts:

- a question addressed to the other person ("tell me about", "walk me through", "how would you",
  "what's your", "let's say you're ...") is the interviewer's, and so is feedback to the other
  person ("great job", "you came off really strong"); the first statement after the interviewer has
  asked starts the candidate's answer;
- the candidate's own questions (clarifying: "should I", "do you want me to", check-ins: "does that
  make sense?") stay the candidate's, and the short reply after a clarifying question is the
  interviewer's;
- backchannels ("Yeah.", "That's smart.", "Mm-hmm") stay inside the turn they interrupt;
- an interviewer turn that runs past 120 words without a question or feedback is the candidate's;
- intros, sponsor asides and outros ("like and subscribe", "see you in the next video") near the
  start or the end are stripped.

`kind_of_talk` tells a two-person interview (a guest introduced, two self-introductions, lines that
only acknowledge the other person, questions put to someone) from a single presenter answering their
own rhetorical questions (a monologue: no answers are invented) and says when it cannot tell. `interviewer_of`
maps generic diarised labels (Speaker 1/2) to roles: the interviewer is who asks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from critic.parse.transcript.common import Segment

INTERVIEWER = "Interviewer"
CANDIDATE = "Candidate"

_SENTENCE = re.compile(r"[^.?!…]+(?:[.?!…]+[\"”’)]*|$)")
# prompts and questions an interviewer puts to the other person (punctuation is optional: speech
# recognisers often drop the question mark)
_PROMPT = re.compile(
    r"\b(?:tell|walk|talk|take) (?:me|us) (?:about|through)\b|\bwhat(?:'s| is| was| were| are) your\b"
    r"|\b(?:how|what|why),? (?:would|will|might|could|should) you\b|\b(?:what|how) do you think\b"
    r"|\b(?:would|might|will|could) you (?:build|design|improve|do|prioriti[sz]e|choose|pick|approach|measure|fix)\b"
    r"|\b(?:can|could|would) you (?:tell|walk|talk|share|describe|explain|give|think|imagine|build|design|improve)\b"
    r"|\b(?:let'?s say|imagine|suppose|say) (?:that )?(?:you|you're|your|yourself)\b"
    r"|\bthe question (?:we have )?(?:for you|is)\b|\bhow did (?:that|it) (?:feel|go)\b"
    r"|\byour (?:favorite|favourite|biggest|proudest)\b|\bdescribe (?:a|the|your)\b|\bgive (?:me|us) an example\b"
    r"|\bdo you want to (?:give|start|introduce)\b|\bwhich (?:one|of these) (?:would|do) you\b"
    r"|\b(?:anything|something) (?:else )?(?:you'?d|you would) (?:add|change)\b|\bwhat (?:are|is) (?:some|the) (?:tips?|advice)\b"
    r"|\bwhat tips\b|\bwhat advice\b|\btips? (?:that )?you would\b"
    r"|\b(?:start|begin) with your\b|\b(?:about|introduce) yourself\b|\byour background\b",
    re.IGNORECASE)
# a question with "you" counts only with its question mark
_YOU_QUESTION = re.compile(
    r"\b(?:how|what|why|which|where|when|who)\b[^.?!]{0,60}?\b(?:would|will|do|did|does|might|could|can|should|"
    r"are|were|have|had)\s+you\b|\b(?:can|could|would|will|do|did|have|are|were) you\b",
    re.IGNORECASE)
# the candidate's own questions: clarifying ("should I", "do you want me to") and check-ins
_OWN_QUESTION = re.compile(
    r"\b(?:should|can|could|may|shall|do|am) I\b|\b(?:want|like|need) me\b|\bif I\b|\bcan we (?:assume|say)\b"
    r"|\b(?:does|did) (?:that|this|it|all that) (?:make sense|sound)\b|\bis that (?:fair|ok|okay|right|good)\b"
    r"|\bany (?:questions|direction)\b|\bare we\b|\bis (?:it|this|there) (?:up to me|okay|ok|any)\b",
    re.IGNORECASE)
_FEEDBACK = re.compile(
    r"\b(?:great|good|nice|awesome) (?:job|work|answer)\b|\bwell done\b|\bthat was (?:great|awesome|amazing|"
    r"so much fun|really good|fantastic|excellent)\b|\byou (?:came off|did a|did really|nailed|went deep|"
    r"showed (?:us|me|great|strong|real))\b|\bI (?:really )?(?:liked|loved|like|love) (?:how|that you|the way you|"
    r"what you)\b|\bcongrat|\b(?:so )?many things that worked\b"
    r"|\bthat'?s all (?:I had|from me|we have time for)\b|\bthanks? (?:you )?(?:so much )?for (?:your time|joining|coming)\b"
    r"|\b(?:we'?re|we are) (?:out of|at) time\b|\blet'?s (?:end it|stop|wrap(?: it)? up)(?: there| here)?\b",
    re.IGNORECASE)
_ASIDE = re.compile(
    r"\bsubscribe\b|\blike button\b|\bin this video\b|\b(?:this|my|our) channel\b|\bnext video\b|\bcomments? below\b"
    r"|\bin the description\b|\bthanks? (?:you )?(?:guys |all |so much )?for watching\b|\b(?:hey|hi|hello),? (?:everyone|guys|"
    r"everybody|all)\b|\bwelcome back\b|\bsponsor|\bcheck (?:it|that|them) out\b|\bsee you (?:guys )?(?:in the|next)\b",
    re.IGNORECASE)
_BACKCHANNEL_WORDS = frozenset("""
    mm mmm mhm hmm hm mm-hmm uh-huh uh huh okay ok right yeah yes yep sure got it i see makes sense great cool
    go on interesting nice understood perfect gotcha alright all that's thats smart good exactly totally true
    love wow oh awesome sounds fair absolutely definitely
""".split())
_GUEST = re.compile(
    r"\b(?:[Ww]e have|I have|[Jj]oined by|[Ww]elcome|with me (?:today|here) is|today'?s guest is|introduce)\s+[A-Z][a-z]+"
    r"|\bthanks? (?:you )?for (?:inviting|having) me\b|\b(?:excited|happy|glad) to be here\b",
)
_SELF_INTRO = re.compile(r"\b(?:I'm|I am|my name is|my name's|this is)\s+([A-Z][a-z]+)\b")
# a presenter talking to an audience about interviews (not words a candidate also uses, like "framework")
_PRESENTER = re.compile(
    r"\bin this video\b|\bsubscribe\b|\bthe interviewers?\b|\bI'?m going to (?:walk|show|share|cover)\b"
    r"|\bnext video\b|\blet me show you\b|\b(?:this|my) channel\b",
    re.IGNORECASE)
_EDGE = 0.15  # asides are stripped only in the first and last 15% of the talk
_LONG_UNASKED = 120  # words an interviewer says without asking before the turn is taken as the candidate's


@dataclass
class _Sentence:
    text: str
    seg: int  # index of the segment it came from
    first: bool  # the first sentence of its segment
    gap_ms: int | None  # silence before the segment (first sentences only)


_TERMINAL = (".", "?", "!", "…", '"', "”")


def _joined(segments: list[Segment]) -> list[Segment]:
    """Caption cues cut sentences in pieces; join pieces until a sentence ends (when the text is
    punctuated at all), so a question split over two cues reads as one."""
    ended = sum(1 for s in segments if s.text.rstrip().endswith(_TERMINAL))
    if ended < 0.3 * len(segments):
        return segments
    out: list[Segment] = []
    for seg in segments:
        prev = out[-1] if out else None
        gap = (seg.start_ms - prev.end_ms) if prev and seg.start_ms is not None and prev.end_ms is not None else 0
        if prev is not None and not prev.text.rstrip().endswith(_TERMINAL) and gap < 1500 \
                and len(prev.text.split()) < 80:
            out[-1] = Segment(prev.speaker, f"{prev.text} {seg.text}", prev.start_ms, seg.end_ms, prev.line)
        else:
            out.append(Segment(seg.speaker, seg.text, seg.start_ms, seg.end_ms, seg.line))
    return out


def _sentences(segments: list[Segment]) -> list[_Sentence]:
    out: list[_Sentence] = []
    prev_end: int | None = None
    for i, seg in enumerate(segments):
        gap = None
        if prev_end is not None and seg.start_ms is not None:
            gap = seg.start_ms - prev_end
        parts = [m.group(0).strip() for m in _SENTENCE.finditer(seg.text) if m.group(0).strip()]
        for k, part in enumerate(parts or [seg.text]):
            out.append(_Sentence(part, i, k == 0, gap if k == 0 else None))
        prev_end = seg.end_ms
    return out


def asks(text: str) -> bool:
    """A question (or prompt) addressed to the other person, not the speaker's own clarifying question."""
    if _OWN_QUESTION.search(text):
        return False
    return bool(_PROMPT.search(text)) or (text.rstrip().endswith("?") and bool(_YOU_QUESTION.search(text)))


def backchannel(text: str) -> bool:
    """A brief acknowledgement ("Yeah.", "That's smart.", "Mm-hmm, go on")."""
    words = re.findall(r"[a-z][a-z'\-]*", text.lower())
    return "?" not in text and 0 < len(words) <= 4 and all(w in _BACKCHANNEL_WORDS for w in words)


def _aside(text: str) -> bool:
    return bool(_ASIDE.search(text))


def split_turns(segments: list[Segment]) -> list[Segment]:
    """The unlabelled segments re-cut into Interviewer / Candidate segments (asides at the edges dropped)."""
    segments = _joined(segments)
    sents = _sentences(segments)
    if not sents:
        return []
    roles: list[str | None] = []
    state = INTERVIEWER
    asked = False  # the interviewer has asked in the current interviewer turn
    feedback = False  # the interviewer is giving feedback (long turns expected)
    said = 0  # words in the current interviewer turn before a question
    replying = False  # the interviewer is answering the candidate's clarifying question
    edge = max(1, round(len(sents) * _EDGE))
    for idx, s in enumerate(sents):
        at_edge = idx < edge or idx >= len(sents) - edge
        if at_edge and (_aside(s.text) or _SELF_INTRO.match(s.text.lstrip("So, ").strip())):
            roles.append(None)
            continue
        if _GUEST.search(s.text) and not asks(s.text):  # the host introduces the guest
            roles.append(INTERVIEWER)
            state, asked, replying = INTERVIEWER, False, False
            continue
        if asks(s.text) or _FEEDBACK.search(s.text):
            roles.append(INTERVIEWER)
            feedback = (feedback and state == INTERVIEWER) or (bool(_FEEDBACK.search(s.text)) and not asks(s.text))
            state, asked, replying, said = INTERVIEWER, asks(s.text), False, 0
            continue
        if backchannel(s.text):
            # an acknowledgement stays inside the turn it interrupts; "Sure." after a question opens the
            # answer, and "Great." before a question opens the next question
            if state == INTERVIEWER and (asked or replying):
                state, asked, replying, feedback = CANDIDATE, False, False, False
            elif state == CANDIDATE and idx + 1 < len(sents) and asks(sents[idx + 1].text):
                state, asked, replying, said = INTERVIEWER, False, False, 0
            roles.append(state)
            continue
        clarifying = bool(_OWN_QUESTION.search(s.text)) and s.text.rstrip().endswith("?")
        if state == INTERVIEWER:
            said += len(s.text.split())
            # an answer starts after a question; an interviewer rarely talks long without asking
            long_turn = said > _LONG_UNASKED and s.first and not feedback
            if not (((asked or replying) and (clarifying or not s.text.rstrip().endswith("?"))) or long_turn):
                roles.append(state)
                continue
            state, asked, replying, feedback = CANDIDATE, False, False, False
        # the candidate speaks; the short reply to a clarifying question is the interviewer's
        roles.append(CANDIDATE)
        if clarifying and idx + 1 < len(sents):
            nxt = sents[idx + 1]
            short = len(nxt.text.split()) <= 25
            if nxt.first and short and not asks(nxt.text) and not re.match(r"(?i)(?:so |and )?I\b", nxt.text):
                state, asked, replying = INTERVIEWER, False, True
    return _segments(segments, sents, roles)


def _segments(segments: list[Segment], sents: list[_Sentence], roles: list[str | None]) -> list[Segment]:
    out: list[Segment] = []
    for s, role in zip(sents, roles, strict=True):
        if role is None:
            continue
        seg = segments[s.seg]
        if out and out[-1].speaker == role and out[-1].line == seg.line:
            out[-1].text = f"{out[-1].text} {s.text}"
            continue
        if out and out[-1].speaker == role and not s.first:
            out[-1].text = f"{out[-1].text} {s.text}"
            continue
        out.append(Segment(role, s.text, seg.start_ms, seg.end_ms, seg.line))
    return out


def kind_of_talk(segments: list[Segment]) -> str:
    """ "interview" (two people), "monologue" (one presenter asking and answering their own questions),
    "practice" (one person's answer, no questions in it) or "unsure", from the content."""
    segments = _joined(segments)
    text = " ".join(s.text for s in segments)
    names = {m.group(1) for m in _SELF_INTRO.finditer(text) if m.group(1) not in ("Going", "Not", "So", "Just")}
    if _GUEST.search(text) or len(names) >= 2:
        return "interview"
    sents = _sentences(segments)
    asked = sum(1 for s in sents if asks(s.text))
    presenter = len(_PRESENTER.findall(text))
    # a line that is only "Yeah." or "Okay." is someone acknowledging someone else
    acknowledged = sum(1 for s in segments if backchannel(s.text))
    if presenter < 2 and not any(s.text.rstrip().endswith("?") for s in sents):
        return "practice"  # one person's recorded answer: no questions at all
    if acknowledged >= 3 and asked >= 1:
        return "interview"
    if presenter >= 2 or asked == 0:
        return "monologue"
    return "interview" if asked >= 2 and presenter == 0 else "unsure"


def interviewer_of(segments: list[Segment]) -> str | None:
    """Of generically labelled speakers, the one who asks (most addressed questions, clearly), or None."""
    counts: Counter[str] = Counter()
    for seg in segments:
        if seg.speaker:
            counts[seg.speaker] += sum(1 for m in _SENTENCE.finditer(seg.text) if asks(m.group(0)))
    ranked = counts.most_common()
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return ranked[0][0]


_OPENER = re.compile(r"^(?:sure|yeah|yes|of course|great question|good question|absolutely|okay|ok|right|happy to"
                     r"|thanks|thank you|definitely|so|um|uh|well)\b", re.IGNORECASE)


def mend_cut_turns(segments: list[Segment]) -> None:
    """Otter-style blocks cut the host's turn early: the guest's first words ("Sure.") sit at the end of the
    host's block after a question. Move them to the start of the guest's block that follows."""
    for cur, nxt in zip(segments, segments[1:], strict=False):
        if cur.speaker == nxt.speaker:
            continue
        parts = [m.group(0).strip() for m in _SENTENCE.finditer(cur.text) if m.group(0).strip()]
        asked = next((k for k in range(len(parts) - 2, -1, -1) if asks(parts[k]) or parts[k].endswith("?")), None)
        if asked is None:
            continue
        tail = parts[asked + 1:]
        opener = _OPENER.match(tail[0]) and sum(len(t.split()) for t in tail) <= 8
        cut = not tail[-1].endswith((".", "?", "!", "…"))  # the block stops mid-sentence
        if opener or (cut and len(tail) == 1):
            cur.text = " ".join(parts[:asked + 1])
            nxt.text = f"{' '.join(tail)} {nxt.text}"


def continues_answer(turn_text: str, previous_answer: str) -> bool:
    """An interviewer turn that stays inside the candidate's answer: a backchannel, or the short reply to
    the candidate's clarifying question."""
    if backchannel(turn_text):
        return True
    last = [m.group(0).strip() for m in _SENTENCE.finditer(previous_answer) if m.group(0).strip()][-1:]
    return (bool(last) and last[0].endswith("?") and bool(_OWN_QUESTION.search(last[0]))
            and len(turn_text.split()) <= 25 and not asks(turn_text))


_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_QUESTION_LINE = re.compile(r"^(?:tell me about|walk me through|describe|why|how|what|when|which|who|where|give me|"
                            r"talk me through|can you|could you|would you|do you|have you)\b", re.IGNORECASE)
_PREP_WORDS = re.compile(r"\b(?:prep|preparation|practice questions?|question bank|questions to ask|my stories|story bank|"
                         r"STAR|talking points|cheat ?sheet|mock interview notes)\b", re.IGNORECASE)
_RESUME_SIGNS = re.compile(r"@[\w-]+\.\w|\b(?:19|20)\d{2}\s*[-–—]\s*(?:(?:19|20)\d{2}|present|now)\b|"
                           r"^#*\s*(?:experience|education|skills|work history|employment)\s*$",
                           re.IGNORECASE | re.MULTILINE)


def prep_notes(lines: list[str]) -> str | None:
    """Why the text is interview prep notes or a question bank (not a transcript, not a resume), or None.

    Several lines are questions put to a candidate (as bullets, numbered or plain), a fifth or more of
    the text's lines, and nobody answers them in turn.
    """
    content = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith(("#", "---", "```"))]
    if not content:
        return None
    questions = 0
    for ln in content:
        body = _BULLET.sub("", ln).strip("*_ ")
        if body.endswith("?") or (_QUESTION_LINE.match(body) and len(body.split()) <= 25):
            questions += 1
    text = "\n".join(lines)
    if _RESUME_SIGNS.search(text):
        return None
    if questions >= 4 and questions >= 0.2 * len(content):
        kind = "prep notes" if _PREP_WORDS.search(text) else "a list of interview questions"
        return (f"looks like {kind} ({questions} questions, nobody answering in turn): not a transcript and "
                "not a resume; review a recorded or written-out interview, or the resume itself")
    return None


def plain_speech(lines: list[str]) -> bool:
    """Untimed, unlabelled speech (a pasted recording): long spoken lines with questions put to someone,
    no bullets, no resume signs."""
    content = [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]
    words = sum(len(ln.split()) for ln in content)
    if words < 100 or any(_BULLET.match(ln) for ln in content) or _RESUME_SIGNS.search("\n".join(lines)):
        return False
    sents = [m.group(0).strip() for ln in content for m in _SENTENCE.finditer(ln) if m.group(0).strip()]
    spoken = len(re.findall(r"\b(?:um|uh|you know|I mean|kind of|sort of|yeah|okay|so)\b", " ".join(content),
                            re.IGNORECASE))
    return sum(1 for s in sents if asks(s)) >= 2 and words / len(content) >= 8 and spoken >= words / 100
