<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiKeyTableModel</name>
    <message>
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>%1/min</source>
        <translation>%1/min</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Widerrufen %1</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ratenlimit</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt verwendet</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Double-click or F2 to rename.</source>
        <translation>Doppelklick oder F2 zum Umbenennen.</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>System prompt (optional), e.g. “You are a concise assistant.”</source>
        <translation>Systemprompt (optional), z. B. „Du bist ein knapper Assistent.“</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Pro&amp;vider:</source>
        <translation>An&amp;bieter:</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <source>Max t&amp;okens:</source>
        <translation>Max. T&amp;okens:</translation>
    </message>
    <message>
        <source>Ask something. Answers stream in as they are written.</source>
        <translation>Stellen Sie eine Frage. Antworten erscheinen, während sie geschrieben werden.</translation>
    </message>
    <message>
        <source>Message (Ctrl+Enter to send)</source>
        <translation>Nachricht (Strg+Eingabe zum Senden)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>Senden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>Antwort abbrechen (Esc)</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>Neu &amp;erzeugen</translation>
    </message>
    <message>
        <source>&amp;Copy answer</source>
        <translation>Antwort &amp;kopieren</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available</source>
        <translation>
            <numerusform>%n Modell verfügbar</numerusform>
            <numerusform>%n Modelle verfügbar</numerusform>
        </translation>
    </message>
    <message>
        <source>Model list unavailable</source>
        <translation>Modellliste nicht verfügbar</translation>
    </message>
    <message>
        <source>Capability: %1</source>
        <translation>Fähigkeit: %1</translation>
    </message>
    <message>
        <source>Loading models…</source>
        <translation>Modelle werden geladen…</translation>
    </message>
    <message>
        <source>No gateway key</source>
        <translation>Kein Gateway-Schlüssel</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>Cannot open the conversation: %1</source>
        <translation>Die Unterhaltung lässt sich nicht öffnen: %1</translation>
    </message>
    <message>
        <source>There is no gateway key for this connection. Add a gw_ key to the connection profile to chat.</source>
        <translation>Für diese Verbindung gibt es keinen Gateway-Schlüssel. Tragen Sie einen gw_-Schlüssel im Verbindungsprofil ein, um zu chatten.</translation>
    </message>
    <message>
        <source>The conversation could not be saved: %1</source>
        <translation>Die Unterhaltung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Unterhaltung löschen</translation>
    </message>
    <message>
        <source>Delete “%1”? This cannot be undone.</source>
        <translation>„%1“ löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>cost unknown</source>
        <translation>Kosten unbekannt</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Waiting for the answer…</source>
        <translation>Warte auf die Antwort…</translation>
    </message>
    <message>
        <source>This conversation: %1 tokens · %2</source>
        <translation>Diese Unterhaltung: %1 Tokens · %2</translation>
    </message>
</context>
<context>
    <name>ChatStream</name>
    <message>
        <source>The connection to the gateway broke off before the answer was complete: %1</source>
        <translation>Die Verbindung zum Gateway brach ab, bevor die Antwort vollständig war: %1</translation>
    </message>
    <message>
        <source>The gateway sent an answer that is not JSON.</source>
        <translation>Das Gateway hat eine Antwort gesendet, die kein JSON ist.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>&amp;New profile</source>
        <translation>&amp;Neues Profil</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Gespeicherte Verbindungen</translation>
    </message>
    <message>
        <source>SQLite database file (the gateway&apos;s embedded default)</source>
        <translation>SQLite-Datenbankdatei (Standard des Gateways)</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL-Server</translation>
    </message>
    <message>
        <source>Chat only (gateway URL and gw_ key)</source>
        <translation>Nur Chat (Gateway-URL und gw_-Schlüssel)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Gateway database</source>
        <translation>Gateway-Datenbank</translation>
    </message>
    <message>
        <source>SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SQLite-Datenbanken (*.db *.sqlite *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Database &amp;file:</source>
        <translation>Datenbank&amp;datei:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation>&amp;SSL-Modus:</translation>
    </message>
    <message>
        <source>A chat-only connection talks to the gateway over HTTP and never touches its database.</source>
        <translation>Eine reine Chat-Verbindung spricht per HTTP mit dem Gateway und greift nie auf seine Datenbank zu.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;Gateway URL (chat):</source>
        <translation>&amp;Gateway-URL (Chat):</translation>
    </message>
    <message>
        <source>SQLite: read from the gateway&apos;s .secrets file if empty</source>
        <translation>SQLite: aus der .secrets-Datei des Gateways, wenn leer</translation>
    </message>
    <message>
        <source>gw_… (only needed to chat)</source>
        <translation>gw_… (nur zum Chatten nötig)</translation>
    </message>
    <message>
        <source>&amp;Remember these secrets in the system keychain</source>
        <translation>Diese Geheimnisse im System-Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation>Geheimnisse</translation>
    </message>
    <message>
        <source>Database &amp;password:</source>
        <translation>Datenbank&amp;passwort:</translation>
    </message>
    <message>
        <source>&amp;Encryption key:</source>
        <translation>&amp;Verschlüsselungsschlüssel:</translation>
    </message>
    <message>
        <source>Gateway &amp;key:</source>
        <translation>Gateway-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Sa&amp;ve</source>
        <translation>Spei&amp;chern</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Connect to a gateway&lt;/h2&gt;&lt;p&gt;Operators connect to the gateway&apos;s database; developers who only chat need the gateway&apos;s URL and a gw_ key.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Mit einem Gateway verbinden&lt;/h2&gt;&lt;p&gt;Betreiber verbinden sich mit der Datenbank des Gateways; Entwickler, die nur chatten, brauchen die URL des Gateways und einen gw_-Schlüssel.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Local gateway</source>
        <translation>Lokales Gateway</translation>
    </message>
    <message>
        <source>read from the gateway&apos;s .secrets file if empty</source>
        <translation>aus der .secrets-Datei des Gateways, wenn leer</translation>
    </message>
    <message>
        <source>the gateway&apos;s ENCRYPTION_KEY (for provider keys)</source>
        <translation>ENCRYPTION_KEY des Gateways (für Anbieterschlüssel)</translation>
    </message>
    <message>
        <source>No system keychain is available (%1). Secrets are not saved anywhere; enter them each time you connect.</source>
        <translation>Kein System-Schlüsselbund verfügbar (%1). Geheimnisse werden nirgends gespeichert; geben Sie sie bei jeder Verbindung ein.</translation>
    </message>
    <message>
        <source>The keychain refused to store a secret: %1</source>
        <translation>Der Schlüsselbund hat das Speichern eines Geheimnisses abgelehnt: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Could not connect: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>a chat-only profile has no database</source>
        <translation>ein reines Chat-Profil hat keine Datenbank</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>Geben Sie dem Profil einen Namen.</translation>
    </message>
    <message>
        <source>Choose the SQLite database file.</source>
        <translation>Wählen Sie die SQLite-Datenbankdatei.</translation>
    </message>
    <message>
        <source>Enter the PostgreSQL host.</source>
        <translation>Geben Sie den PostgreSQL-Host ein.</translation>
    </message>
    <message>
        <source>Enter the database name.</source>
        <translation>Geben Sie den Datenbanknamen ein.</translation>
    </message>
    <message>
        <source>Enter the database user.</source>
        <translation>Geben Sie den Datenbankbenutzer ein.</translation>
    </message>
    <message>
        <source>Enter the gateway URL, e.g. http://127.0.0.1:8080.</source>
        <translation>Geben Sie die Gateway-URL ein, z. B. http://127.0.0.1:8080.</translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>no such conversation</source>
        <translation>keine solche Unterhaltung</translation>
    </message>
    <message>
        <source>%1 is not a conversation file</source>
        <translation>%1 ist keine Unterhaltungsdatei</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot delete %1</source>
        <translation>%1 kann nicht gelöscht werden</translation>
    </message>
</context>
<context>
    <name>CostPerDayChart</name>
    <message>
        <source>Cost per day</source>
        <translation>Kosten pro Tag</translation>
    </message>
    <message>
        <source>no requests in this period</source>
        <translation>keine Anfragen in diesem Zeitraum</translation>
    </message>
</context>
<context>
    <name>CredentialDialog</name>
    <message>
        <source>Add provider key</source>
        <translation>Anbieterschlüssel hinzufügen</translation>
    </message>
    <message>
        <source>Replace provider key</source>
        <translation>Anbieterschlüssel ersetzen</translation>
    </message>
    <message>
        <source>The key is encrypted (AES-256-GCM) before it is stored for project &lt;b&gt;%1&lt;/b&gt;, and never shown again.</source>
        <translation>Der Schlüssel wird verschlüsselt (AES-256-GCM), bevor er für das Projekt &lt;b&gt;%1&lt;/b&gt; gespeichert wird, und nie wieder angezeigt.</translation>
    </message>
    <message>
        <source>sk-… or AIza…</source>
        <translation>sk-… oder AIza…</translation>
    </message>
    <message>
        <source>provider default (optional)</source>
        <translation>Standard des Anbieters (optional)</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>&amp;Anbieter:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
</context>
<context>
    <name>CredentialTableModel</name>
    <message>
        <source>provider default</source>
        <translation>Standard des Anbieters</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>&amp;Add key…</source>
        <translation>Schlüssel &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>R&amp;eplace…</source>
        <translation>&amp;Ersetzen…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>Each project calls the providers with its own keys. They are encrypted with the gateway&apos;s encryption key and only the last four characters are shown.</source>
        <translation>Jedes Projekt ruft die Anbieter mit eigenen Schlüsseln auf. Sie werden mit dem Schlüssel des Gateways verschlüsselt; angezeigt werden nur die letzten vier Zeichen.</translation>
    </message>
    <message>
        <source>Provider keys cannot be added or replaced: %1</source>
        <translation>Anbieterschlüssel können nicht hinzugefügt oder ersetzt werden: %1</translation>
    </message>
    <message>
        <source>Provider keys</source>
        <translation>Anbieterschlüssel</translation>
    </message>
    <message>
        <source>Cannot load the keys: %1</source>
        <translation>Die Schlüssel lassen sich nicht laden: %1</translation>
    </message>
    <message>
        <source>Delete provider key</source>
        <translation>Anbieterschlüssel löschen</translation>
    </message>
    <message>
        <source>Delete the %1 key of “%2”? Requests that need %1 will fail until a new key is added.</source>
        <translation>Den %1-Schlüssel von „%2“ löschen? Anfragen, die %1 brauchen, schlagen fehl, bis ein neuer Schlüssel hinterlegt ist.</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Requests today</source>
        <translation>Anfragen heute</translation>
    </message>
    <message>
        <source>Cost today</source>
        <translation>Kosten heute</translation>
    </message>
    <message>
        <source>Requests this month</source>
        <translation>Anfragen diesen Monat</translation>
    </message>
    <message>
        <source>Cost this month</source>
        <translation>Kosten diesen Monat</translation>
    </message>
    <message>
        <source>Active projects</source>
        <translation>Aktive Projekte</translation>
    </message>
    <message>
        <source>Error rate today</source>
        <translation>Fehlerquote heute</translation>
    </message>
    <message>
        <source>Cost per day by provider</source>
        <translation>Kosten pro Tag nach Anbieter</translation>
    </message>
    <message>
        <source>Recent activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <source>Could not load the dashboard: %1</source>
        <translation>Das Dashboard konnte nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n fehlgeschlagen</numerusform>
            <numerusform>%n fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Updated %1 · refreshes every 30 s</source>
        <translation>Aktualisiert %1 · alle 30 s neu</translation>
    </message>
</context>
<context>
    <name>GatewayClient</name>
    <message>
        <source>Cannot reach the gateway at %1: %2. Check that the gateway is running and the URL is right.</source>
        <translation>Das Gateway unter %1 ist nicht erreichbar: %2. Prüfen Sie, ob das Gateway läuft und die URL stimmt.</translation>
    </message>
    <message>
        <source>The gateway did not accept the API key%1. Check the gw_ key in the connection profile; it may have been revoked.</source>
        <translation>Das Gateway hat den API-Schlüssel nicht akzeptiert%1. Prüfen Sie den gw_-Schlüssel im Verbindungsprofil; vielleicht wurde er widerrufen.</translation>
    </message>
    <message>
        <source>This key is not allowed to do that%1.</source>
        <translation>Dieser Schlüssel darf das nicht%1.</translation>
    </message>
    <message>
        <source>The project&apos;s budget is used up%1. Ask an operator to raise the limit, or wait for the next day or month.</source>
        <translation>Das Budget des Projekts ist aufgebraucht%1. Bitten Sie einen Betreiber, das Limit zu erhöhen, oder warten Sie auf den nächsten Tag oder Monat.</translation>
    </message>
    <message>
        <source>Too many requests: the rate limit was reached%1. Wait a moment and try again.</source>
        <translation>Zu viele Anfragen: das Ratenlimit ist erreicht%1. Warten Sie einen Moment und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The gateway refused the request%1. Check the model and the settings.</source>
        <translation>Das Gateway hat die Anfrage abgelehnt%1. Prüfen Sie Modell und Einstellungen.</translation>
    </message>
    <message>
        <source>The provider or the gateway failed (HTTP %1)%2. Try again, or pick another provider.</source>
        <translation>Der Anbieter oder das Gateway ist fehlgeschlagen (HTTP %1)%2. Versuchen Sie es erneut oder wählen Sie einen anderen Anbieter.</translation>
    </message>
    <message>
        <source>The gateway answered with HTTP %1%2.</source>
        <translation>Das Gateway antwortete mit HTTP %1%2.</translation>
    </message>
</context>
<context>
    <name>KeyCreatedDialog</name>
    <message>
        <source>Key generated</source>
        <translation>Schlüssel erzeugt</translation>
    </message>
    <message>
        <source>Your new gateway key:</source>
        <translation>Ihr neuer Gateway-Schlüssel:</translation>
    </message>
    <message>
        <source>Your new gateway key “%1”:</source>
        <translation>Ihr neuer Gateway-Schlüssel „%1“:</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Copy this key now and keep it somewhere safe. It is shown only this once: the gateway stores just a hash of it. If it is lost, revoke it and generate a new one.</source>
        <translation>Kopieren Sie diesen Schlüssel jetzt und bewahren Sie ihn sicher auf. Er wird nur dieses eine Mal angezeigt: das Gateway speichert nur einen Hash davon. Geht er verloren, widerrufen Sie ihn und erzeugen Sie einen neuen.</translation>
    </message>
    <message>
        <source>I have saved the key</source>
        <translation>Ich habe den Schlüssel gesichert</translation>
    </message>
</context>
<context>
    <name>KeychainCredentialStore</name>
    <message>
        <source>system keychain</source>
        <translation>System-Schlüsselbund</translation>
    </message>
</context>
<context>
    <name>KeysPage</name>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>&amp;Generate key…</source>
        <translation>Schlüssel &amp;erzeugen…</translation>
    </message>
    <message>
        <source>Re&amp;voke…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <source>Show &amp;revoked</source>
        <translation>&amp;Widerrufene zeigen</translation>
    </message>
    <message>
        <source>This project has no keys yet. Generate one to let an application use the gateway.</source>
        <translation>Dieses Projekt hat noch keine Schlüssel. Erzeugen Sie einen, damit eine Anwendung das Gateway nutzen kann.</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Cannot load the keys: %1</source>
        <translation>Die Schlüssel lassen sich nicht laden: %1</translation>
    </message>
    <message>
        <source>Generate key</source>
        <translation>Schlüssel erzeugen</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Revoke the key %1 (%2)? Applications using it are refused from now on. This cannot be undone.</source>
        <translation>Den Schlüssel %1 (%2) widerrufen? Anwendungen, die ihn nutzen, werden ab sofort abgewiesen. Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>ohne Namen</translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>Latency percentiles</source>
        <translation>Latenz-Perzentile</translation>
    </message>
    <message>
        <source>no successful requests yet</source>
        <translation>noch keine erfolgreichen Anfragen</translation>
    </message>
    <message>
        <source>%.0f ms</source>
        <translation>%.0f ms</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>&lt;h2&gt;Sign in&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Anmelden&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>admin@example.com</source>
        <translation>admin@example.com</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>No account yet? Create one on the gateway host with: aigw admin create EMAIL</source>
        <translation>Noch kein Konto? Legen Sie eines auf dem Gateway-Rechner an mit: aigw admin create EMAIL</translation>
    </message>
    <message>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>The database cannot be reached: %1</source>
        <translation>Die Datenbank ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>The email or the password is wrong.</source>
        <translation>E-Mail oder Passwort ist falsch.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>AIGW Desktop</source>
        <translation>AIGW Desktop</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Provider keys</source>
        <translation>Anbieterschlüssel</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Chat via %1</source>
        <translation>Chat über %1</translation>
    </message>
</context>
<context>
    <name>MemoryCredentialStore</name>
    <message>
        <source>no keychain backend</source>
        <translation>kein Schlüsselbund-Dienst</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
</context>
<context>
    <name>NewKeyDialog</name>
    <message>
        <source>Generate key</source>
        <translation>Schlüssel erzeugen</translation>
    </message>
    <message>
        <source>A new gateway key for &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>Ein neuer Gateway-Schlüssel für &lt;b&gt;%1&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>e.g. backend production</source>
        <translation>z. B. Backend Produktion</translation>
    </message>
    <message>
        <source>gateway default</source>
        <translation>Standard des Gateways</translation>
    </message>
    <message>
        <source> per minute</source>
        <translation> pro Minute</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source> tokens per minute</source>
        <translation> Tokens pro Minute</translation>
    </message>
    <message>
        <source>every model (or a comma-separated list)</source>
        <translation>alle Modelle (oder eine kommagetrennte Liste)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Requests:</source>
        <translation>&amp;Anfragen:</translation>
    </message>
    <message>
        <source>&amp;Tokens:</source>
        <translation>&amp;Tokens:</translation>
    </message>
    <message>
        <source>Allowed &amp;models:</source>
        <translation>Erlaubte &amp;Modelle:</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Edit project</source>
        <translation>Projekt bearbeiten</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source>Automatic (system order)</source>
        <translation>Automatisch (Systemreihenfolge)</translation>
    </message>
    <message>
        <source>e.g. openai/gpt-4.1-mini, anthropic/claude-haiku-4-5</source>
        <translation>z. B. openai/gpt-4.1-mini, anthropic/claude-haiku-4-5</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Daily &amp;token limit:</source>
        <translation>&amp;Token-Limit pro Tag:</translation>
    </message>
    <message>
        <source>Monthly t&amp;oken limit:</source>
        <translation>T&amp;oken-Limit pro Monat:</translation>
    </message>
    <message>
        <source>Daily &amp;cost limit (USD):</source>
        <translation>&amp;Kostenlimit pro Tag (USD):</translation>
    </message>
    <message>
        <source>Monthly co&amp;st limit (USD):</source>
        <translation>Kosten&amp;limit pro Monat (USD):</translation>
    </message>
    <message>
        <source>Default &amp;provider:</source>
        <translation>Standard&amp;anbieter:</translation>
    </message>
    <message>
        <source>Default c&amp;apability:</source>
        <translation>Standard-&amp;Fähigkeit:</translation>
    </message>
    <message>
        <source>&amp;Fallbacks:</source>
        <translation>&amp;Ausweichmodelle:</translation>
    </message>
    <message>
        <source>%1 must be a whole number of tokens</source>
        <translation>%1 muss eine ganze Zahl von Tokens sein</translation>
    </message>
    <message>
        <source>%1 must be an amount in dollars such as 10 or 2.50</source>
        <translation>%1 muss ein Dollarbetrag wie 10 oder 2.50 sein</translation>
    </message>
</context>
<context>
    <name>ProjectPicker</name>
    <message>
        <source>All projects</source>
        <translation>Alle Projekte</translation>
    </message>
    <message>
        <source>%1 (inactive)</source>
        <translation>%1 (inaktiv)</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 of %2 tokens</source>
        <translation>%1 von %2 Tokens</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (kein Limit)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Routing</translation>
    </message>
    <message>
        <source>Spend today</source>
        <translation>Ausgaben heute</translation>
    </message>
    <message>
        <source>Spend this month</source>
        <translation>Ausgaben diesen Monat</translation>
    </message>
    <message>
        <source>Tokens today</source>
        <translation>Tokens heute</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <source>&amp;New project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Deactivate…</source>
        <translation>&amp;Deaktivieren…</translation>
    </message>
    <message>
        <source>Show &amp;inactive</source>
        <translation>&amp;Inaktive zeigen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Select a project to see its usage.</source>
        <translation>Wählen Sie ein Projekt, um seine Nutzung zu sehen.</translation>
    </message>
    <message>
        <source>Projects</source>
        <translation>Projekte</translation>
    </message>
    <message>
        <source>Cannot load the projects: %1</source>
        <translation>Die Projekte lassen sich nicht laden: %1</translation>
    </message>
    <message>
        <source>Cannot load the usage: %1</source>
        <translation>Die Nutzung lässt sich nicht laden: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — last 30 days: %2 requests (%3 failed), %4 tokens, %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — letzte 30 Tage: %2 Anfragen (%3 fehlgeschlagen), %4 Tokens, %5</translation>
    </message>
    <message>
        <source>Cost per day: %1</source>
        <translation>Kosten pro Tag: %1</translation>
    </message>
    <message>
        <source>Deactivate project</source>
        <translation>Projekt deaktivieren</translation>
    </message>
    <message>
        <source>Deactivate “%1”? Its keys stop working at once. The request history is kept.</source>
        <translation>„%1“ deaktivieren? Seine Schlüssel funktionieren ab sofort nicht mehr. Der Anfrageverlauf bleibt erhalten.</translation>
    </message>
</context>
<context>
    <name>RequestLogPage</name>
    <message>
        <source>All providers</source>
        <translation>Alle Anbieter</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>success</source>
        <translation>Erfolg</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgewiesen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Gesamter Zeitraum</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>Pro&amp;vider:</source>
        <translation>An&amp;bieter:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>&amp;Zeit:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Select a request to see all its details.</source>
        <translation>Wählen Sie eine Anfrage, um alle Details zu sehen.</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ &amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>&amp;Weiter ▶</translation>
    </message>
    <message>
        <source>Export requests</source>
        <translation>Anfragen exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) written to %1.</source>
        <translation>
            <numerusform>%n Anfrage in %1 geschrieben.</numerusform>
            <numerusform>%n Anfragen in %1 geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Cannot load the log: %1</source>
        <translation>Das Protokoll lässt sich nicht laden: %1</translation>
    </message>
    <message>
        <source>No requests match the filter.</source>
        <translation>Keine Anfrage passt zum Filter.</translation>
    </message>
    <message>
        <source>Requests %1–%2 of %3</source>
        <translation>Anfragen %1–%2 von %3</translation>
    </message>
    <message>
        <source>Request id</source>
        <translation>Anfrage-ID</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Key id</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Capability</source>
        <translation>Fähigkeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Streamed</source>
        <translation>Gestreamt</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Cached tokens</source>
        <translation>Zwischengespeicherte Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Reasoning tokens</source>
        <translation>Reasoning-Tokens</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <source>reported by the provider</source>
        <translation>vom Anbieter gemeldet</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>Zeit bis zum ersten Token</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Error code</source>
        <translation>Fehlercode</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>not connected to a database</source>
        <translation>nicht mit einer Datenbank verbunden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>RequestTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
</context>
<context>
    <name>RequestsByProviderChart</name>
    <message>
        <source>Requests by provider</source>
        <translation>Anfragen nach Anbieter</translation>
    </message>
    <message>
        <source>no requests yet</source>
        <translation>noch keine Anfragen</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>The encryption key</source>
        <translation>Der Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>No credential encryption key was given for this PostgreSQL profile. Enter the gateway&apos;s ENCRYPTION_KEY in the connection profile to manage provider credentials.</source>
        <translation>Für dieses PostgreSQL-Profil wurde kein Verschlüsselungsschlüssel angegeben. Tragen Sie den ENCRYPTION_KEY des Gateways im Verbindungsprofil ein, um Anbieterschlüssel zu verwalten.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>The new language is used the next time the application starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start der Anwendung.</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>mindestens %1 Zeichen</translation>
    </message>
    <message>
        <source>&amp;Change password</source>
        <translation>Passwort &amp;ändern</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Signed in as:</source>
        <translation>Angemeldet als:</translation>
    </message>
    <message>
        <source>C&amp;urrent password:</source>
        <translation>A&amp;ktuelles Passwort:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Neues Passwort:</translation>
    </message>
    <message>
        <source>C&amp;onfirm:</source>
        <translation>&amp;Bestätigen:</translation>
    </message>
    <message>
        <source>The new password and its confirmation differ.</source>
        <translation>Das neue Passwort und seine Bestätigung unterscheiden sich.</translation>
    </message>
    <message>
        <source>The password was not changed: %1</source>
        <translation>Das Passwort wurde nicht geändert: %1</translation>
    </message>
    <message>
        <source>Password changed. Sessions of the admin API signed in with the old password end.</source>
        <translation>Passwort geändert. Sitzungen der Admin-API, die mit dem alten Passwort angemeldet wurden, enden.</translation>
    </message>
</context>
<context>
    <name>TokensByProjectChart</name>
    <message>
        <source>Tokens by project</source>
        <translation>Tokens nach Projekt</translation>
    </message>
    <message>
        <source>no usage yet</source>
        <translation>noch keine Nutzung</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
</context>
</TS>
