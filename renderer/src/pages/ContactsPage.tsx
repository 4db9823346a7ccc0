import { ContactsView, listHash, OptOutsView, useContactsRoute } from '../features/contacts';
import { ImportWizard } from '../features/import';

/** `#/contatos` (all or one list), the import wizard at `#/contatos/importar` and the opt-out list. */
export function ContactsPage() {
  const route = useContactsRoute();
  if (route.kind === 'import') {
    return (
      <ImportWizard
        onClose={() => {
          location.hash = listHash(null);
        }}
      />
    );
  }
  if (route.kind === 'optOuts') return <OptOutsView />;
  return <ContactsView listId={route.listId} />;
}
