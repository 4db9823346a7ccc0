/** Texts of labels (etiquetas) in Respostas. Spread into pt-BR.ts and en.ts. */

export const conversationLabelsPtBR = {
  'convLabels.filter': 'Etiqueta',
  'convLabels.filter.all': 'Todas as etiquetas',
  'convLabels.title': 'Etiquetas',
  'convLabels.none': 'Sem etiquetas.',
  'convLabels.add': 'Adicionar etiqueta',
  'convLabels.addPlaceholder': 'Ex.: quente, orçamento enviado',
  'convLabels.added': 'Etiqueta "{name}" adicionada.',
  'convLabels.remove': 'Tirar a etiqueta {name}',
  'convLabels.removed': 'Etiqueta "{name}" retirada.',
  'convLabels.needsContact': 'Salve este número como contato para usar etiquetas.',
  'convLabels.empty': 'Escreva o nome da etiqueta.',
} as const;

export const conversationLabelsEn: Record<keyof typeof conversationLabelsPtBR, string> = {
  'convLabels.filter': 'Label',
  'convLabels.filter.all': 'All labels',
  'convLabels.title': 'Labels',
  'convLabels.none': 'No labels.',
  'convLabels.add': 'Add label',
  'convLabels.addPlaceholder': 'E.g. hot, quote sent',
  'convLabels.added': 'Label "{name}" added.',
  'convLabels.remove': 'Remove the label {name}',
  'convLabels.removed': 'Label "{name}" removed.',
  'convLabels.needsContact': 'Save this number as a contact to use labels.',
  'convLabels.empty': 'Type the label name.',
};
