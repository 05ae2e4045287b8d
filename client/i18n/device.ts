/**
 * Texts of logging out and of an ended session: what leaves the device, and the warning
 * about changes not yet on the server. Mounted under `device`; English has the same keys.
 */
export const deviceDe = {
  leaving: "Abmelden … Die Daten Ihres Kontos werden von diesem Gerät gelöscht.",
  noticeLabel: "Hinweis zur Abmeldung",
  loggedOut: "Sie sind abgemeldet. Die Offline-Kopien und zwischengespeicherten Daten Ihres Kontos wurden von diesem Gerät gelöscht.",
  sessionEnded: "Ihre Sitzung wurde beendet (abgemeldet, Konto entfernt oder Passwort geändert). Die Offline-Kopien und zwischengespeicherten Daten Ihres Kontos wurden von diesem Gerät gelöscht.",
  serverLater: "Der Server war nicht erreichbar. Er erfährt von der Abmeldung, sobald Steuerrad auf diesem Gerät wieder mit Verbindung geöffnet wird.",
  pending: "Einige Offline-Kopien werden erst gelöscht, wenn Steuerrad in allen anderen Fenstern geschlossen ist. Bitte schließen Sie diese Fenster.",
  failed: "Einige Offline-Kopien konnten nicht gelöscht werden. Bitte löschen Sie die Website-Daten von Steuerrad in den Browser-Einstellungen.",
  warning: {
    title: "Nicht gespeicherte Änderungen",
    intro: "Auf diesem Gerät gibt es Änderungen, die noch nicht auf dem Server gespeichert sind:",
    consequence: "Beim Abmelden werden alle Daten Ihres Kontos von diesem Gerät gelöscht. Diese Änderungen gehen dann verloren.",
    advice: "Um sie zu behalten: Bleiben Sie angemeldet, stellen Sie eine Verbindung her und warten Sie, bis „Gespeichert“ erscheint.",
    unknownScorecard: "Scorecard {{id}}",
    stay: "Angemeldet bleiben",
    confirm: "Trotzdem abmelden und löschen",
  },
};

/** English texts of logging out and of an ended session. */
export const deviceEn: typeof deviceDe = {
  leaving: "Logging out … Your account's data is being deleted from this device.",
  noticeLabel: "Logout notice",
  loggedOut: "You are logged out. Your account's offline copies and cached data were deleted from this device.",
  sessionEnded: "Your session has ended (logged out, account removed or password changed). Your account's offline copies and cached data were deleted from this device.",
  serverLater: "The server could not be reached. It learns of the logout as soon as Steuerrad is opened on this device with a connection again.",
  pending: "Some offline copies are deleted only once Steuerrad is closed in all other windows. Please close those windows.",
  failed: "Some offline copies could not be deleted. Please delete Steuerrad's site data in the browser settings.",
  warning: {
    title: "Changes not saved",
    intro: "This device has changes that are not yet saved on the server:",
    consequence: "Logging out deletes all of your account's data from this device. These changes would be lost.",
    advice: "To keep them: stay logged in, connect, and wait until “Saved” appears.",
    unknownScorecard: "Scorecard {{id}}",
    stay: "Stay logged in",
    confirm: "Log out and delete anyway",
  },
};
