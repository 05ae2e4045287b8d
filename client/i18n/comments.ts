/**
 * Texts of comments and questions (the panel beside the document, "Kommentieren" on a
 * selection, "Frage stellen" on a measure), mounted under `comments`.
 */
export const commentsDe = {
  panel: {
    title: "Kommentare und Fragen",
    openCount_one: "{{count}} offen",
    openCount_other: "{{count}} offen",
    doneCount_one: "{{count}} erledigter Kommentar",
    doneCount_other: "{{count}} erledigte Kommentare",
    empty: "Noch keine Kommentare. Markieren Sie eine Stelle und wählen Sie „Kommentieren“, oder stellen Sie bei einer Maßnahme eine Frage.",
    versionNote: "Kommentare zu dieser Version erscheinen auch in der aktuellen Scorecard, an derselben Stelle.",
  },
  thread: {
    passage: "Zur Stelle: „{{quote}}“",
    measure: "Maßnahme: {{title}}",
    show: "Stelle im Dokument zeigen",
    passageGone: "Diese Stelle gibt es im Dokument nicht mehr; oben steht der Text, wie er kommentiert wurde.",
    measureGone: "Diese Maßnahme steht nicht mehr im Dokument.",
    replies_one: "{{count}} Antwort",
    replies_other: "{{count}} Antworten",
    reply: "Antworten",
    resolved: "Erledigt",
    resolvedBy: "Erledigt von {{name}}",
  },
  select: {
    button: "Kommentieren",
    title: "Die markierte Stelle kommentieren",
    needsSelection: "Zum Kommentieren eine Stelle im Text markieren.",
    noPassage: "Die Markierung enthält keinen Text. Bitte eine Stelle im Text markieren.",
  },
  measure: {
    ask: "Frage stellen",
    label: "Ihre Frage zur Maßnahme „{{title}}“",
    openCount_one: "{{count}} offene Frage",
    openCount_other: "{{count}} offene Fragen",
  },
  form: {
    commentLabel: "Ihr Kommentar oder Ihre Frage",
    replyLabel: "Ihre Antwort",
    about: "Zu: „{{quote}}“",
    send: "Senden",
    sendReply: "Antwort senden",
    sending: "Wird gesendet …",
    cancel: "Abbrechen",
    sent: "Gesendet. Alle Beteiligten sehen es jetzt.",
    hint: "Strg+Enter sendet, Escape bricht ab.",
  },
  errors: {
    empty: "Bitte geben Sie einen Text ein.",
    offline: "Keine Verbindung zum Server. Kommentare gehen nur online.",
    notFound: "Scorecard, Maßnahme oder Kommentar gibt es nicht (mehr).",
    notStored: "Die markierte Stelle ist noch nicht gespeichert. Bitte gleich noch einmal versuchen.",
    generic: "Das ging nicht: {{message}}",
  },
};

/** English texts of comments and questions. */
export const commentsEn: typeof commentsDe = {
  panel: {
    title: "Comments and questions",
    openCount_one: "{{count}} open",
    openCount_other: "{{count}} open",
    doneCount_one: "{{count}} resolved comment",
    doneCount_other: "{{count}} resolved comments",
    empty: "No comments yet. Select a passage and choose “Comment”, or ask a question on a measure.",
    versionNote: "Comments on this version also appear in the current scorecard, at the same passage.",
  },
  thread: {
    passage: "On: “{{quote}}”",
    measure: "Measure: {{title}}",
    show: "Show the passage in the document",
    passageGone: "This passage is no longer in the document; above is the text as it was commented.",
    measureGone: "This measure is no longer in the document.",
    replies_one: "{{count}} reply",
    replies_other: "{{count}} replies",
    reply: "Reply",
    resolved: "Resolved",
    resolvedBy: "Resolved by {{name}}",
  },
  select: {
    button: "Comment",
    title: "Comment on the selected passage",
    needsSelection: "Select a passage of the text to comment on it.",
    noPassage: "The selection contains no text. Please select a passage of the text.",
  },
  measure: {
    ask: "Ask a question",
    label: "Your question about the measure “{{title}}”",
    openCount_one: "{{count}} open question",
    openCount_other: "{{count}} open questions",
  },
  form: {
    commentLabel: "Your comment or question",
    replyLabel: "Your reply",
    about: "On: “{{quote}}”",
    send: "Send",
    sendReply: "Send reply",
    sending: "Sending …",
    cancel: "Cancel",
    sent: "Sent. Everyone involved sees it now.",
    hint: "Ctrl+Enter sends, Escape cancels.",
  },
  errors: {
    empty: "Please enter a text.",
    offline: "No connection to the server. Comments need a connection.",
    notFound: "The scorecard, measure or comment does not exist (any more).",
    notStored: "The selected passage is not saved yet. Please try again in a moment.",
    generic: "That did not work: {{message}}",
  },
};
