import { ContactsView, listHash, useContactsRoute } from '../features/contacts';
import { ImportWizard } from '../features/import';

/** `#/contatos` (all or one list) and the import wizard at `#/contatos/importar`. */
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
  return <ContactsView listId={route.listId} />;
}
