#include "CredentialStore.h"

CredentialStore::CredentialStore(QObject* parent)
    : QObject(parent)
{ }

CredentialStore::~CredentialStore() = default;
